package org.trainer4j.samples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.datasets.DatasetFormatException;
import org.trainer4j.datasets.ImageLayout;

class FashionMnistTest {

  @TempDir Path dir;

  private static int[] classCounts(org.trainer4j.datasets.ArrayDataset data) {
    int[] counts = new int[10];
    for (int c : data.labels().argMax(1).toIntVector()) {
      counts[c]++;
    }
    return counts;
  }

  @Test
  void bundledSubsetIsTheFirst6000TrainAnd1000TestImagesInTenClasses() {
    FashionMnist data = FashionMnist.bundledSubset(ImageLayout.FLAT);

    assertThat(data.bundled()).isTrue();
    assertThat(data.train().size()).isEqualTo(6000);
    assertThat(data.test().size()).isEqualTo(1000);
    assertThat(data.train().exampleShape()).containsExactly(784);
    assertThat(data.train().labelWidth()).isEqualTo(10);
    assertThat(classCounts(data.train()))
        .containsExactly(560, 643, 608, 612, 584, 594, 590, 617, 590, 602);
    assertThat(classCounts(data.test()))
        .containsExactly(107, 105, 111, 93, 115, 87, 97, 95, 95, 95);
    assertThat(data.train().flatFeatures().minNumber().doubleValue()).isEqualTo(0.0);
    assertThat(data.train().flatFeatures().maxNumber().doubleValue()).isEqualTo(1.0);
    assertThat(data.source()).contains("bundled subset").contains("6000 train / 1000 test");
    assertThat(data.train().describe()).contains("bundled subset");
  }

  @Test
  void bundledSubsetServesChannelsFirstImagesForConvolutionalModels() {
    FashionMnist data = FashionMnist.bundledSubset(ImageLayout.CHANNELS_FIRST);

    assertThat(data.test().exampleShape()).containsExactly(1, 28, 28);
  }

  @Test
  void loadReadsAnyDirectoryHoldingTheFourFilesCompressedOrNot() throws Exception {
    IdxFixtures.writeFashionMnistLike(dir, 30, 20);

    FashionMnist data = FashionMnist.load(dir, ImageLayout.FLAT);

    assertThat(data.bundled()).isFalse();
    assertThat(data.train().size()).isEqualTo(30);
    assertThat(data.test().size()).isEqualTo(20);
    assertThat(data.test().labels().argMax(1).getInt(13)).isEqualTo(3);
    assertThat(data.source()).contains(dir.toString()).contains("30 train / 20 test");
  }

  @Test
  void loadNamesTheMissingFile() throws Exception {
    IdxFixtures.writeFashionMnistLike(dir, 10, 10);
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));

    assertThatThrownBy(() -> FashionMnist.load(dir, ImageLayout.FLAT))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("t10k-labels-idx1-ubyte.gz nor t10k-labels-idx1-ubyte");
  }

  @Test
  void defaultLocationIsADirectoryOnlyWhenAllFourFilesArePresent() throws Exception {
    IdxFixtures.writeFashionMnistLike(dir.resolve("full"), 10, 10);
    IdxFixtures.writeFashionMnistLike(dir.resolve("partial"), 10, 10);
    Files.delete(dir.resolve("partial/train-images-idx3-ubyte.gz"));

    assertThat(FashionMnist.defaultLocation(dir.resolve("full"))).contains(dir.resolve("full"));
    assertThat(FashionMnist.defaultLocation(dir.resolve("partial"))).isEmpty();
    assertThat(FashionMnist.defaultLocation(dir.resolve("absent"))).isEmpty();
  }
}
