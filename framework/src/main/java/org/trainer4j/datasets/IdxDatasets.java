package org.trainer4j.datasets;

import com.google.common.base.Preconditions;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds classification datasets from a pair of IDX files (MNIST, Fashion-MNIST, EMNIST): an images
 * file {@code [n, rows, cols]} (or {@code [n, features]}) and a labels file {@code [n]}.
 * Unsigned-byte pixels are scaled to {@code [0, 1]}; labels become one-hot rows. Every check runs
 * before the dataset is built, so a bad pair fails with a {@link DatasetFormatException} and
 * returns nothing.
 */
public final class IdxDatasets {

  private IdxDatasets() {}

  /** Reads and pairs {@code images} and {@code labels}; see {@link #of}. */
  public static ArrayDataset load(
      Path images, Path labels, int numClasses, ImageLayout layout, String description) {
    Preconditions.checkNotNull(images, "images");
    Preconditions.checkNotNull(labels, "labels");
    return of(IdxReader.read(images), IdxReader.read(labels), numClasses, layout, description);
  }

  /**
   * Pairs already-read IDX arrays into a dataset.
   *
   * @param numClasses labels must lie in {@code [0, numClasses)}
   * @param layout example shape of 3-dimensional images: {@code [rows*cols]} or {@code [1, rows,
   *     cols]}; 2-dimensional "images" are feature vectors and stay flat
   * @param description how the dataset describes itself (say where the data came from); null for a
   *     description built from the file names
   */
  public static ArrayDataset of(
      IdxArray images, IdxArray labels, int numClasses, ImageLayout layout, String description) {
    Preconditions.checkNotNull(images, "images");
    Preconditions.checkNotNull(labels, "labels");
    Preconditions.checkNotNull(layout, "layout");
    Preconditions.checkArgument(numClasses > 0, "numClasses must be positive: %s", numClasses);
    int[] dims = images.dims();
    if (dims.length != 2 && dims.length != 3) {
      throw DatasetFormatException.of(
          images.source(),
          "images need 2 (count, features) or 3 (count, rows, cols) dimensions, got "
              + java.util.Arrays.toString(dims));
    }
    if (labels.dims().length != 1 || !labels.type().isInteger()) {
      throw DatasetFormatException.of(
          labels.source(),
          "labels need 1 dimension of integers, got "
              + labels.type()
              + " "
              + java.util.Arrays.toString(labels.dims()));
    }
    if (labels.count() != images.count()) {
      throw DatasetFormatException.atOffset(
          labels.source(),
          4,
          "has "
              + labels.count()
              + " labels but "
              + images.source()
              + " has "
              + images.count()
              + " images");
    }
    int[] classes = new int[labels.count()];
    for (int i = 0; i < classes.length; i++) {
      double v = labels.value(i);
      if (v < 0 || v >= numClasses) {
        throw DatasetFormatException.atIndex(
            labels.source(),
            i,
            labels.offsetOf(i),
            String.format("label %.0f is outside [0, %d)", v, numClasses));
      }
      classes[i] = (int) v;
    }
    long[] example =
        dims.length == 3
            ? layout.exampleShape(1, dims[1], dims[2])
            : new long[] {images.itemLength()};
    long[] shape = new long[example.length + 1];
    shape[0] = images.count();
    System.arraycopy(example, 0, shape, 1, example.length);
    double scale = images.type() == IdxArray.Type.UNSIGNED_BYTE ? 1.0 / 255.0 : 1.0;
    INDArray x = Nd4j.create(images.toFloats(scale), shape, DataType.FLOAT);
    String text =
        description != null
            ? description
            : String.format(
                "IDX %s + %s (%d examples, %d classes)",
                images.source(), labels.source(), images.count(), numClasses);
    return ArrayDataset.of(x, ArrayDataset.oneHot(classes, numClasses), text);
  }

  /**
   * The file {@code baseName} in {@code dir}, compressed ({@code baseName.gz}) or not; the
   * compressed one wins when both exist.
   *
   * @throws DatasetFormatException naming both candidates when neither exists
   */
  public static Path resolve(Path dir, String baseName) {
    Preconditions.checkNotNull(dir, "dir");
    Preconditions.checkNotNull(baseName, "baseName");
    if (!Files.isDirectory(dir)) {
      throw DatasetFormatException.of(
          dir.toString(), "is not a directory", new NoSuchFileException(dir.toString()));
    }
    Path gz = dir.resolve(baseName + ".gz");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    Path raw = dir.resolve(baseName);
    if (Files.isRegularFile(raw)) {
      return raw;
    }
    throw DatasetFormatException.of(
        dir.toString(),
        "has neither " + gz.getFileName() + " nor " + raw.getFileName(),
        new NoSuchFileException(gz.toString()));
  }
}
