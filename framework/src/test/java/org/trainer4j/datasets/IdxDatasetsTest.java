package org.trainer4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxDatasetsTest {

  @TempDir Path dir;

  @Test
  void scalesPixelsToUnitRangeAndOneHotEncodesLabels() throws Exception {
    Path images = IdxTestFiles.write(dir.resolve("img"), IdxTestFiles.images(3, 2, 2));
    Path labels = IdxTestFiles.write(dir.resolve("lbl"), IdxTestFiles.labels(2, 0, 1));

    ArrayDataset data = IdxDatasets.load(images, labels, 3, ImageLayout.FLAT, "tiny");
    Batch batch = data.get(new int[] {1, 0});

    assertThat(data.size()).isEqualTo(3);
    assertThat(data.exampleShape()).containsExactly(4);
    assertThat(data.describe()).isEqualTo("tiny");
    assertThat(batch.features().toFloatMatrix()[0])
        .containsExactly(1 / 255f, 2 / 255f, 3 / 255f, 4 / 255f);
    assertThat(batch.labels().toFloatMatrix()).isDeepEqualTo(new float[][] {{1, 0, 0}, {0, 0, 1}});
  }

  @Test
  void channelsFirstLayoutGivesOneChannelImages() throws Exception {
    Path images = IdxTestFiles.write(dir.resolve("img"), IdxTestFiles.images(2, 3, 4));
    Path labels = IdxTestFiles.write(dir.resolve("lbl"), IdxTestFiles.labels(0, 1));

    ArrayDataset data = IdxDatasets.load(images, labels, 2, ImageLayout.CHANNELS_FIRST, null);

    assertThat(data.exampleShape()).containsExactly(1, 3, 4);
    assertThat(data.get(new int[] {0, 1}).features().shape()).containsExactly(2, 1, 3, 4);
    assertThat(data.describe()).contains(images.toString()).contains("2 examples");
  }

  @Test
  void imageAndLabelCountMismatchNamesBothFiles() throws Exception {
    Path images = IdxTestFiles.write(dir.resolve("img"), IdxTestFiles.images(3, 2, 2));
    Path labels = IdxTestFiles.write(dir.resolve("lbl"), IdxTestFiles.labels(0, 1));

    assertThatThrownBy(() -> IdxDatasets.load(images, labels, 2, ImageLayout.FLAT, null))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(labels + ": has 2 labels but " + images + " has 3 images");
  }

  @Test
  void labelOutOfRangeNamesItsIndexAndByteOffset() throws Exception {
    Path images = IdxTestFiles.write(dir.resolve("img"), IdxTestFiles.images(3, 2, 2));
    Path labels = IdxTestFiles.write(dir.resolve("lbl"), IdxTestFiles.labels(0, 1, 10));

    assertThatThrownBy(() -> IdxDatasets.load(images, labels, 10, ImageLayout.FLAT, null))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(labels + ": label 10 is outside [0, 10) (example 2, byte offset 10)")
        .asInstanceOf(type(DatasetFormatException.class))
        .satisfies(e -> assertThat(e.index()).hasValue(2));
  }

  @Test
  void labelsFileWithImageDimensionsIsRejected() throws Exception {
    Path images = IdxTestFiles.write(dir.resolve("img"), IdxTestFiles.images(2, 2, 2));

    assertThatThrownBy(() -> IdxDatasets.load(images, images, 2, ImageLayout.FLAT, null))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("labels need 1 dimension");
  }

  @Test
  void resolvePrefersTheCompressedFileAndFallsBackToTheRawOne() throws Exception {
    IdxTestFiles.write(dir.resolve("a"), IdxTestFiles.labels(1));
    IdxTestFiles.writeGzip(dir.resolve("a.gz"), IdxTestFiles.labels(1));
    IdxTestFiles.write(dir.resolve("b"), IdxTestFiles.labels(1));

    assertThat(IdxDatasets.resolve(dir, "a")).isEqualTo(dir.resolve("a.gz"));
    assertThat(IdxDatasets.resolve(dir, "b")).isEqualTo(dir.resolve("b"));
  }

  @Test
  void resolveNamesBothCandidatesWhenNeitherExists() {
    assertThatThrownBy(() -> IdxDatasets.resolve(dir, "train-images-idx3-ubyte"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("has neither train-images-idx3-ubyte.gz nor train-images-idx3-ubyte");
    assertThatThrownBy(() -> IdxDatasets.resolve(dir.resolve("missing"), "x"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("is not a directory");
  }
}
