package org.trainer4j.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  @Test
  void replacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
    Path target = dir.resolve("log");
    Files.writeString(target, "old");

    AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8));

    assertThat(Files.readString(target)).isEqualTo("new");
    assertThat(filesIn(dir)).containsExactly("log");
  }

  @Test
  void aWriteThatFailsKeepsTheOldContentAndRemovesItsTemporaryFile() throws IOException {
    Path target = dir.resolve("log");
    Files.writeString(target, "old");

    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write("partial".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("disk full");
                    }))
        .hasMessageContaining("disk full");

    assertThat(Files.readString(target)).isEqualTo("old");
    assertThat(filesIn(dir)).containsExactly("log");
  }

  @Test
  void contentMayCloseItsStream() throws IOException {
    Path target = dir.resolve("closed");

    AtomicFiles.write(
        target,
        out -> {
          out.write(1);
          out.close();
        });

    assertThat(Files.readAllBytes(target)).containsExactly(1);
  }

  @Test
  void refusesToReplaceADirectory() throws IOException {
    Path target = Files.createDirectory(dir.resolve("taken"));

    assertThatThrownBy(() -> AtomicFiles.write(target, new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("taken")
        .hasMessageContaining("is a directory");
  }

  @Test
  void recognizesTheTemporaryFilesOfUnfinishedWrites() {
    assertThat(AtomicFiles.unfinishedTarget(".snapshot_iter_8.1234567890.tmp"))
        .isEqualTo("snapshot_iter_8");
    assertThat(AtomicFiles.unfinishedTarget("snapshot_iter_8")).isNull();
    assertThat(AtomicFiles.unfinishedTarget(".hidden")).isNull();
  }

  private static Stream<String> names(Path dir) throws IOException {
    return Files.list(dir).map(p -> p.getFileName().toString());
  }

  private static java.util.List<String> filesIn(Path dir) throws IOException {
    try (Stream<String> s = names(dir)) {
      return s.toList();
    }
  }
}
