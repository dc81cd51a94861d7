package org.trainer4j.datasets;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads the binary versions of CIFAR-10 and CIFAR-100 from a directory the user provides (they
 * cannot be downloaded by trainer4j). Each record is its label byte(s) followed by 3072 pixel
 * bytes: 1024 red, 1024 green, 1024 blue, each a row-major 32x32 plane. Pixels are scaled to {@code
 * [0, 1]}; labels become one-hot rows. A truncated file or a label out of range fails with a {@link
 * DatasetFormatException} naming the file, record and byte offset, before anything is built.
 */
public final class CifarDatasets {

  static final int SIDE = 32;
  static final int CHANNELS = 3;
  static final int PIXELS = CHANNELS * SIDE * SIDE;

  /** Which part of the data set to read. */
  public enum Split {
    TRAIN,
    TEST
  }

  /** CIFAR-100's two label sets: 20 superclasses or 100 classes. */
  public enum Cifar100Labels {
    COARSE(20),
    FINE(100);

    private final int numClasses;

    Cifar100Labels(int numClasses) {
      this.numClasses = numClasses;
    }

    public int numClasses() {
      return numClasses;
    }
  }

  private CifarDatasets() {}

  /**
   * CIFAR-10 from {@code dir} (the extracted {@code cifar-10-batches-bin}, or its parent): {@code
   * data_batch_1.bin} .. {@code data_batch_5.bin} for {@link Split#TRAIN}, {@code test_batch.bin}
   * for {@link Split#TEST}.
   */
  public static ArrayDataset cifar10(Path dir, Split split, ImageLayout layout) {
    Preconditions.checkNotNull(split, "split");
    Path root = locate(dir, "cifar-10-batches-bin");
    List<Path> files = new ArrayList<>();
    if (split == Split.TRAIN) {
      for (int i = 1; i <= 5; i++) {
        files.add(root.resolve("data_batch_" + i + ".bin"));
      }
    } else {
      files.add(root.resolve("test_batch.bin"));
    }
    return read(files, 1, 0, 10, layout, "CIFAR-10 " + name(split) + " from " + root);
  }

  /**
   * CIFAR-100 from {@code dir} (the extracted {@code cifar-100-binary}, or its parent): {@code
   * train.bin} or {@code test.bin}, whose records carry a coarse then a fine label byte.
   */
  public static ArrayDataset cifar100(
      Path dir, Split split, Cifar100Labels labels, ImageLayout layout) {
    Preconditions.checkNotNull(split, "split");
    Preconditions.checkNotNull(labels, "labels");
    Path root = locate(dir, "cifar-100-binary");
    Path file = root.resolve(split == Split.TRAIN ? "train.bin" : "test.bin");
    return read(
        List.of(file),
        2,
        labels == Cifar100Labels.COARSE ? 0 : 1,
        labels.numClasses(),
        layout,
        "CIFAR-100 " + name(split) + " (" + labels.name().toLowerCase() + " labels) from " + root);
  }

  private static ArrayDataset read(
      List<Path> files,
      int labelBytes,
      int labelAt,
      int numClasses,
      ImageLayout layout,
      String description) {
    Preconditions.checkNotNull(layout, "layout");
    int record = labelBytes + PIXELS;
    long total = 0;
    for (Path file : files) {
      long size = sizeOf(file);
      if (size == 0 || size % record != 0) {
        long complete = size / record;
        throw DatasetFormatException.atIndex(
            file.toString(),
            complete,
            complete * record,
            String.format(
                "truncated: %d bytes is not a whole number of %d-byte records", size, record));
      }
      total += size / record;
    }
    if (total * PIXELS > Integer.MAX_VALUE) {
      throw DatasetFormatException.of(
          files.size() == 1 ? files.get(0).toString() : description,
          String.format(
              "holds %d images; at most %d fit in one array", total, Integer.MAX_VALUE / PIXELS));
    }
    float[] pixels = new float[(int) (total * PIXELS)];
    int[] classes = new int[(int) total];
    int n = 0;
    for (Path file : files) {
      byte[] bytes = readAll(file);
      if (bytes.length % record != 0 || n + bytes.length / record > total) {
        throw DatasetFormatException.of(file.toString(), "changed while being read");
      }
      for (int r = 0; r < bytes.length / record; r++, n++) {
        int base = r * record;
        int label = bytes[base + labelAt] & 0xFF;
        if (label >= numClasses) {
          throw DatasetFormatException.atIndex(
              file.toString(),
              r,
              base + labelAt,
              "label " + label + " is outside [0, " + numClasses + ")");
        }
        classes[n] = label;
        int out = n * PIXELS;
        for (int p = 0; p < PIXELS; p++) {
          pixels[out + p] = (bytes[base + labelBytes + p] & 0xFF) / 255f;
        }
      }
    }
    long[] example = layout.exampleShape(CHANNELS, SIDE, SIDE);
    long[] shape = new long[example.length + 1];
    shape[0] = total;
    System.arraycopy(example, 0, shape, 1, example.length);
    INDArray x = Nd4j.create(pixels, shape, DataType.FLOAT);
    return ArrayDataset.of(
        x,
        ArrayDataset.oneHot(classes, numClasses),
        description + " (" + total + " images, " + numClasses + " classes)");
  }

  private static Path locate(Path dir, String extractedName) {
    Preconditions.checkNotNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      throw DatasetFormatException.of(
          dir.toString(),
          "is not a directory (expected the extracted " + extractedName + ")",
          new NoSuchFileException(dir.toString()));
    }
    Path nested = dir.resolve(extractedName);
    return Files.isDirectory(nested) ? nested : dir;
  }

  private static long sizeOf(Path file) {
    if (!Files.isRegularFile(file)) {
      throw DatasetFormatException.of(
          file.toString(), "does not exist", new NoSuchFileException(file.toString()));
    }
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw DatasetFormatException.of(file.toString(), "cannot be read: " + e, e);
    }
  }

  private static byte[] readAll(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw DatasetFormatException.of(file.toString(), "cannot be read: " + e, e);
    }
  }

  private static String name(Split split) {
    return split.name().toLowerCase();
  }
}
