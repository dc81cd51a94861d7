package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.datasets.ImageLayout;
import org.trainer4j.samples.data.FashionMnist;
import org.trainer4j.samples.data.IdxFixtures;

class DataOptionsTest {

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @Test
  void withoutTheInstalledSetTheRunSaysItFellBackToTheSubsetAndHowToGetTheFullSet() {
    FashionMnist fm = new DataOptions().load(ImageLayout.FLAT, out, Optional.empty());

    assertThat(fm.bundled()).isTrue();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("data: Fashion-MNIST bundled subset")
        .contains(
            "note: the full Fashion-MNIST is not installed at /usr/share/datasets/fashion-mnist")
        .contains("apt-get install dataset-fashion-mnist")
        .contains("--data DIR");
  }

  @Test
  void theInstalledSetIsUsedWithoutANote(@TempDir Path dir) throws Exception {
    Path installed = IdxFixtures.writeFashionMnistLike(dir.resolve("installed"), 30, 20);

    FashionMnist fm = new DataOptions().load(ImageLayout.FLAT, out, Optional.of(installed));

    assertThat(fm.bundled()).isFalse();
    assertThat(fm.train().size()).isEqualTo(30);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .startsWith("data: ")
        .doesNotContain("note:");
  }

  @Test
  void anExplicitDirectoryIsUsedEvenWhenTheFullSetIsInstalled(@TempDir Path dir) throws Exception {
    Path installed = IdxFixtures.writeFashionMnistLike(dir.resolve("installed"), 30, 20);
    DataOptions options = new DataOptions();
    options.data = IdxFixtures.writeFashionMnistLike(dir.resolve("mine"), 12, 10);

    FashionMnist fm = options.load(ImageLayout.FLAT, out, Optional.of(installed));

    assertThat(fm.train().size()).isEqualTo(12);
    assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("note:");
  }
}
