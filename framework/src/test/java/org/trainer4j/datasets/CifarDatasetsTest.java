package org.trainer4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.datasets.CifarDatasets.Cifar100Labels;
import org.trainer4j.datasets.CifarDatasets.Split;

class CifarDatasetsTest {

  @TempDir Path dir;

  /** A record whose red plane is {@code r}, green {@code g}, blue {@code b} everywhere. */
  private static byte[] record(int[] labels, int r, int g, int b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int l : labels) {
      out.write(l);
    }
    for (int value : new int[] {r, g, b}) {
      byte[] plane = new byte[1024];
      Arrays.fill(plane, (byte) value);
      out.writeBytes(plane);
    }
    return out.toByteArray();
  }

  private static Path write(Path file, byte[]... records) throws IOException {
    Files.createDirectories(file.getParent());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] r : records) {
      out.writeBytes(r);
    }
    return Files.write(file, out.toByteArray());
  }

  private void writeCifar10(Path root) throws IOException {
    for (int i = 1; i <= 5; i++) {
      write(
          root.resolve("data_batch_" + i + ".bin"),
          record(new int[] {i}, 255, 0, 0),
          record(new int[] {9}, 0, 51, 0));
    }
    write(root.resolve("test_batch.bin"), record(new int[] {3}, 0, 0, 255));
  }

  @Test
  void readsAllFiveTrainingBatchesInOrderWithPlanarRgb() throws Exception {
    writeCifar10(dir);

    ArrayDataset train = CifarDatasets.cifar10(dir, Split.TRAIN, ImageLayout.CHANNELS_FIRST);
    Batch batch = train.get(new int[] {2, 3});

    assertThat(train.size()).isEqualTo(10);
    assertThat(train.exampleShape()).containsExactly(3, 32, 32);
    assertThat(train.labelWidth()).isEqualTo(10);
    assertThat(batch.labels().argMax(1).toIntVector()).containsExactly(2, 9);
    assertThat(batch.features().getFloat(0, 0, 5, 7)).isEqualTo(1.0f);
    assertThat(batch.features().getFloat(0, 1, 5, 7)).isEqualTo(0.0f);
    assertThat(batch.features().getFloat(1, 1, 31, 31)).isEqualTo(0.2f);
    assertThat(train.describe()).contains("CIFAR-10 train").contains("10 images");
  }

  @Test
  void readsTheTestBatchFromTheExtractedSubfolderWithAFlatLayout() throws Exception {
    writeCifar10(dir.resolve("cifar-10-batches-bin"));

    ArrayDataset test = CifarDatasets.cifar10(dir, Split.TEST, ImageLayout.FLAT);

    assertThat(test.size()).isEqualTo(1);
    assertThat(test.exampleShape()).containsExactly(3072);
    assertThat(test.flatFeatures().getFloat(0, 2048)).isEqualTo(1.0f);
    assertThat(test.labels().argMax(1).getInt(0)).isEqualTo(3);
  }

  @Test
  void cifar100ServesCoarseOrFineLabels() throws Exception {
    write(
        dir.resolve("train.bin"),
        record(new int[] {19, 99}, 1, 2, 3),
        record(new int[] {4, 30}, 1, 2, 3));

    ArrayDataset coarse =
        CifarDatasets.cifar100(dir, Split.TRAIN, Cifar100Labels.COARSE, ImageLayout.FLAT);
    ArrayDataset fine =
        CifarDatasets.cifar100(dir, Split.TRAIN, Cifar100Labels.FINE, ImageLayout.FLAT);

    assertThat(coarse.labelWidth()).isEqualTo(20);
    assertThat(coarse.labels().argMax(1).toIntVector()).containsExactly(19, 4);
    assertThat(fine.labelWidth()).isEqualTo(100);
    assertThat(fine.labels().argMax(1).toIntVector()).containsExactly(99, 30);
    assertThat(fine.describe()).contains("fine labels");
  }

  @Test
  void truncatedFileNamesTheIncompleteRecordAndItsOffset() throws Exception {
    writeCifar10(dir);
    Path batch3 = dir.resolve("data_batch_3.bin");
    byte[] bytes = Files.readAllBytes(batch3);
    Files.write(batch3, Arrays.copyOf(bytes, bytes.length - 100));

    assertThatThrownBy(() -> CifarDatasets.cifar10(dir, Split.TRAIN, ImageLayout.FLAT))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith(batch3.toString())
        .hasMessageContaining("truncated")
        .asInstanceOf(type(DatasetFormatException.class))
        .satisfies(e -> assertThat(e.index()).hasValue(1))
        .satisfies(e -> assertThat(e.offset()).hasValue(3073));
  }

  @Test
  void labelOutOfRangeNamesTheRecordAndByteOffset() throws Exception {
    Path file =
        write(
            dir.resolve("test.bin"),
            record(new int[] {1, 2}, 0, 0, 0),
            record(new int[] {20, 2}, 0, 0, 0));

    assertThatThrownBy(
            () -> CifarDatasets.cifar100(dir, Split.TEST, Cifar100Labels.COARSE, ImageLayout.FLAT))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(file + ": label 20 is outside [0, 20) (example 1, byte offset 3074)");
  }

  @Test
  void missingBatchFileAndMissingDirectoryAreNamed() throws Exception {
    writeCifar10(dir);
    Files.delete(dir.resolve("data_batch_5.bin"));

    assertThatThrownBy(() -> CifarDatasets.cifar10(dir, Split.TRAIN, ImageLayout.FLAT))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(dir.resolve("data_batch_5.bin") + ": does not exist");
    assertThatThrownBy(
            () -> CifarDatasets.cifar10(dir.resolve("nowhere"), Split.TEST, ImageLayout.FLAT))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("is not a directory");
  }

  @Test
  void aNullSplitIsNamed() throws Exception {
    writeCifar10(dir);

    assertThatThrownBy(() -> CifarDatasets.cifar10(dir, null, ImageLayout.FLAT))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("split");
    assertThatThrownBy(
            () -> CifarDatasets.cifar100(dir, null, Cifar100Labels.FINE, ImageLayout.FLAT))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("split");
  }
}
