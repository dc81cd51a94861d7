package org.trainer4j.samples.data;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.DatasetFormatException;
import org.trainer4j.datasets.IdxArray;
import org.trainer4j.datasets.IdxDatasets;
import org.trainer4j.datasets.IdxReader;
import org.trainer4j.datasets.ImageLayout;

/**
 * Fashion-MNIST (Zalando, MIT licence) for the samples: the full set when the Debian package {@code
 * dataset-fashion-mnist} is installed, otherwise the real subset bundled in this jar (the first
 * 6,000 training and first 1,000 test images), so samples train on real data on any machine. {@link
 * #source()} says which data was loaded; samples print it.
 *
 * @param train the training examples
 * @param test the test examples
 * @param source which data this is and where it came from
 * @param bundled whether this is the bundled subset rather than a full set on disk
 */
public record FashionMnist(ArrayDataset train, ArrayDataset test, String source, boolean bundled) {

  /** Where the Debian package {@code dataset-fashion-mnist} installs the data. */
  public static final Path SYSTEM_LOCATION = Path.of("/usr/share/datasets/fashion-mnist");

  public static final int NUM_CLASSES = 10;

  /** Class names, indexed by label. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
  private static final List<String> FILES =
      List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
  private static final String BUNDLED_DIR = "fashion-mnist-subset/";

  public FashionMnist {
    Preconditions.checkNotNull(train, "train");
    Preconditions.checkNotNull(test, "test");
    Preconditions.checkNotNull(source, "source");
  }

  /**
   * The installed full set: {@link #SYSTEM_LOCATION} when it holds all four IDX files, else empty
   * (then {@link #load} falls back to the bundled subset).
   */
  public static Optional<Path> defaultLocation() {
    return defaultLocation(SYSTEM_LOCATION);
  }

  /** {@code candidate} if it holds the four files (each {@code .gz} or raw), else empty. */
  static Optional<Path> defaultLocation(Path candidate) {
    try {
      for (String name : FILES) {
        IdxDatasets.resolve(candidate, name);
      }
      return Optional.of(candidate);
    } catch (DatasetFormatException e) {
      return Optional.empty();
    }
  }

  /** The full set from {@link #defaultLocation()} when installed, else the bundled subset. */
  public static FashionMnist load(ImageLayout layout) {
    return installedOrBundled(defaultLocation(), layout);
  }

  /** The full set in {@code installed} when present, else the bundled subset. */
  public static FashionMnist installedOrBundled(Optional<Path> installed, ImageLayout layout) {
    return installed.map(dir -> load(dir, layout)).orElseGet(() -> bundledSubset(layout));
  }

  /**
   * The four IDX files in {@code dir} ({@code train-images-idx3-ubyte[.gz]}, {@code
   * train-labels-idx1-ubyte[.gz]}, {@code t10k-images-idx3-ubyte[.gz]}, {@code
   * t10k-labels-idx1-ubyte[.gz]}); MNIST uses the same names and format.
   *
   * @throws DatasetFormatException naming the missing or malformed file
   */
  public static FashionMnist load(Path dir, ImageLayout layout) {
    Preconditions.checkNotNull(dir, "dir");
    Preconditions.checkNotNull(layout, "layout");
    Path trainImages = IdxDatasets.resolve(dir, TRAIN_IMAGES);
    Path trainLabels = IdxDatasets.resolve(dir, TRAIN_LABELS);
    Path testImages = IdxDatasets.resolve(dir, TEST_IMAGES);
    Path testLabels = IdxDatasets.resolve(dir, TEST_LABELS);
    String what =
        dir.toAbsolutePath().normalize().equals(SYSTEM_LOCATION)
            ? "Fashion-MNIST (full set, Debian package dataset-fashion-mnist)"
            : "IDX data (Fashion-MNIST/MNIST file names)";
    ArrayDataset train =
        IdxDatasets.load(
            trainImages, trainLabels, NUM_CLASSES, layout, what + " train from " + dir);
    ArrayDataset test =
        IdxDatasets.load(testImages, testLabels, NUM_CLASSES, layout, what + " test from " + dir);
    return new FashionMnist(
        train,
        test,
        String.format(
            "%s from %s: %d train / %d test images", what, dir, train.size(), test.size()),
        false);
  }

  /**
   * The real subset bundled in the samples jar: the first 6,000 training and first 1,000 test
   * examples of Fashion-MNIST, unchanged (MIT licence, Copyright 2017 Zalando SE).
   */
  public static FashionMnist bundledSubset(ImageLayout layout) {
    Preconditions.checkNotNull(layout, "layout");
    String what =
        "Fashion-MNIST bundled subset (first 6000 train / first 1000 test of the original)";
    ArrayDataset train =
        IdxDatasets.of(
            resource(TRAIN_IMAGES), resource(TRAIN_LABELS), NUM_CLASSES, layout, what + " train");
    ArrayDataset test =
        IdxDatasets.of(
            resource(TEST_IMAGES), resource(TEST_LABELS), NUM_CLASSES, layout, what + " test");
    return new FashionMnist(
        train,
        test,
        String.format("%s: %d train / %d test images", what, train.size(), test.size()),
        true);
  }

  private static IdxArray resource(String name) {
    String path = BUNDLED_DIR + name + ".gz";
    String source = "classpath:org/trainer4j/samples/data/" + path;
    try (InputStream in = FashionMnist.class.getResourceAsStream(path)) {
      if (in == null) {
        throw DatasetFormatException.of(source, "is missing from the samples jar");
      }
      return IdxReader.read(in, source);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
  }
}
