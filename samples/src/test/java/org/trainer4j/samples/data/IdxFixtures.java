package org.trainer4j.samples.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes tiny Fashion-MNIST-format IDX files into a test's temporary directory. */
public final class IdxFixtures {

  private IdxFixtures() {}

  /**
   * Writes the four Fashion-MNIST files with {@code train} and {@code test} 28x28 images whose
   * label is {@code index % 10}; the training files gzip-compressed, the test files raw.
   */
  public static Path writeFashionMnistLike(Path dir, int train, int test) throws IOException {
    Files.createDirectories(dir);
    gzip(dir.resolve("train-images-idx3-ubyte.gz"), images(train));
    gzip(dir.resolve("train-labels-idx1-ubyte.gz"), labels(train));
    Files.write(dir.resolve("t10k-images-idx3-ubyte"), images(test));
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(test));
    return dir;
  }

  private static byte[] images(int n) {
    ByteArrayOutputStream out = header(0x08, 3, n, 28, 28);
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < 784; p++) {
        out.write(p % 28 == i % 10 ? 255 : 0);
      }
    }
    return out.toByteArray();
  }

  private static byte[] labels(int n) {
    ByteArrayOutputStream out = header(0x08, 1, n);
    for (int i = 0; i < n; i++) {
      out.write(i % 10);
    }
    return out.toByteArray();
  }

  private static ByteArrayOutputStream header(int type, int rank, int... dims) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(0);
    out.write(type);
    out.write(rank);
    for (int d : dims) {
      out.write(d >>> 24);
      out.write(d >>> 16);
      out.write(d >>> 8);
      out.write(d);
    }
    return out;
  }

  private static void gzip(Path file, byte[] bytes) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(bytes);
    }
  }
}
