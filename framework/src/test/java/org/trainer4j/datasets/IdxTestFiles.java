package org.trainer4j.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests. */
final class IdxTestFiles {

  private IdxTestFiles() {}

  /** The bytes of an unsigned-byte IDX file with {@code dims} holding {@code data}. */
  static byte[] ubyte(int[] dims, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(0);
    out.write(0x08);
    out.write(dims.length);
    for (int d : dims) {
      out.write(d >>> 24);
      out.write(d >>> 16);
      out.write(d >>> 8);
      out.write(d);
    }
    out.writeBytes(data);
    return out.toByteArray();
  }

  /** Images {@code [n, rows, cols]} where pixel {@code k} of image {@code i} is {@code i + k}. */
  static byte[] images(int n, int rows, int cols) {
    byte[] data = new byte[n * rows * cols];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < rows * cols; k++) {
        data[i * rows * cols + k] = (byte) (i + k);
      }
    }
    return ubyte(new int[] {n, rows, cols}, data);
  }

  static byte[] labels(int... labels) {
    byte[] data = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      data[i] = (byte) labels[i];
    }
    return ubyte(new int[] {labels.length}, data);
  }

  static Path write(Path file, byte[] bytes) throws IOException {
    Files.write(file, bytes);
    return file;
  }

  static Path writeGzip(Path file, byte[] bytes) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(bytes);
    }
    return file;
  }
}
