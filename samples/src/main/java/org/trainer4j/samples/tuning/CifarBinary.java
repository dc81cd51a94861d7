package org.trainer4j.samples.tuning;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.datasets.ArrayDataset;

/**
 * Reads the training set of CIFAR-10 ({@code data_batch_1..5.bin}: 1 label byte and 3072 pixel
 * bytes per image) or CIFAR-100 ({@code train.bin}: coarse and fine label bytes, then the pixels;
 * the fine label is used) in their binary distribution format, as {@code [n, 3, 32, 32]} floats in
 * [0, 1]. A minimal reader for the tuning benchmark.
 */
final class CifarBinary {

  static final int PIXELS = 3 * 32 * 32;

  private CifarBinary() {}

  /** The CIFAR-10 or -100 training set in {@code dir}, at most {@code limit} images. */
  static ArrayDataset load(Path dir, boolean cifar100, int limit) {
    Preconditions.checkArgument(Files.isDirectory(dir), "CIFAR directory not found: %s", dir);
    List<Path> files = new ArrayList<>();
    if (cifar100) {
      files.add(dir.resolve("train.bin"));
    } else {
      for (int i = 1; i <= 5; i++) {
        files.add(dir.resolve("data_batch_" + i + ".bin"));
      }
    }
    int labelBytes = cifar100 ? 2 : 1;
    int record = labelBytes + PIXELS;
    List<byte[]> contents = new ArrayList<>();
    int total = 0;
    for (Path f : files) {
      Preconditions.checkArgument(Files.isRegularFile(f), "CIFAR file not found: %s", f);
      try {
        byte[] bytes = Files.readAllBytes(f);
        Preconditions.checkArgument(
            bytes.length % record == 0,
            "%s has %s bytes, not a multiple of the %s-byte record",
            f,
            bytes.length,
            record);
        contents.add(bytes);
        total += bytes.length / record;
      } catch (IOException e) {
        throw new UncheckedIOException("could not read " + f, e);
      }
    }
    int n = Math.min(total, limit);
    float[] pixels = new float[n * PIXELS];
    int[] labels = new int[n];
    int row = 0;
    for (byte[] bytes : contents) {
      for (int off = 0; off < bytes.length && row < n; off += record, row++) {
        labels[row] = bytes[off + labelBytes - 1] & 0xff;
        for (int p = 0; p < PIXELS; p++) {
          pixels[row * PIXELS + p] = (bytes[off + labelBytes + p] & 0xff) / 255f;
        }
      }
    }
    int classes = cifar100 ? 100 : 10;
    for (int label : labels) {
      Preconditions.checkArgument(label < classes, "label %s out of range in %s", label, dir);
    }
    INDArray x = Nd4j.create(pixels, new long[] {n, 3, 32, 32}, DataType.FLOAT);
    return ArrayDataset.of(
        x,
        ArrayDataset.oneHot(labels, classes),
        String.format("CIFAR-%d training set from %s (%d images)", classes, dir, n));
  }
}
