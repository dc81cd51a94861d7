package org.trainer4j.datasets;

import com.google.common.base.Preconditions;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files, the format of MNIST, Fashion-MNIST and EMNIST: a magic number (two zero bytes, a
 * type code, the number of dimensions), one big-endian int per dimension, then the data.
 * Gzip-compressed files are recognised by their own magic bytes, whatever the file name. A file
 * that does not match its header fails with a {@link DatasetFormatException} naming the byte offset
 * (in the decompressed data) at fault.
 */
public final class IdxReader {

  private static final int MAX_DIMENSIONS = 8;
  private static final int FIRST_BUFFER = 1 << 20;

  private IdxReader() {}

  /** Reads {@code file}, raw or gzip-compressed. */
  public static IdxArray read(Path file) {
    Preconditions.checkNotNull(file, "file");
    String source = file.toString();
    if (!Files.isRegularFile(file)) {
      throw DatasetFormatException.of(
          source,
          Files.exists(file) ? "is not a regular file" : "does not exist",
          new NoSuchFileException(source));
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, source, Files.size(file));
    } catch (IOException e) {
      throw DatasetFormatException.of(source, "cannot be read: " + e, e);
    }
  }

  /**
   * Reads one IDX array from {@code in} (raw or gzip-compressed), which must end with it; {@code
   * source} names it in errors. Does not close {@code in}.
   */
  public static IdxArray read(InputStream in, String source) {
    return read(in, source, -1);
  }

  /**
   * Reads {@code in}; {@code fileSize}, when not negative, is the size of the file it reads, so
   * that a raw file whose header promises more data than it holds fails before any allocation.
   * Without it (and for gzip data, whose inflated size the file does not state) the data buffer
   * grows only as bytes arrive, so memory stays within twice the data present.
   */
  private static IdxArray read(InputStream in, String source, long fileSize) {
    Preconditions.checkNotNull(in, "in");
    Preconditions.checkNotNull(source, "source");
    Counter counter = new Counter(source);
    try {
      BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
      boolean gzip = isGzip(buffered);
      InputStream data =
          gzip ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16)) : buffered;
      byte[] magic = counter.readFully(data, 4, "the magic number");
      IdxArray.Type type = IdxArray.Type.ofCode(magic[2] & 0xFF);
      int rank = magic[3] & 0xFF;
      if (magic[0] != 0 || magic[1] != 0 || type == null || rank < 1 || rank > MAX_DIMENSIONS) {
        throw DatasetFormatException.atOffset(
            source,
            0,
            String.format(
                "bad IDX magic number 0x%02X%02X%02X%02X; expected two zero bytes, a type code"
                    + " (08 ubyte, 09 byte, 0B short, 0C int, 0D float, 0E double) and 1..%d"
                    + " dimensions",
                magic[0], magic[1], magic[2], magic[3], MAX_DIMENSIONS));
      }
      int[] dims = new int[rank];
      long elements = 1;
      for (int d = 0; d < rank; d++) {
        long at = counter.position;
        byte[] b = counter.readFully(data, 4, "dimension " + d);
        dims[d] =
            ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        if (dims[d] <= 0) {
          throw DatasetFormatException.atOffset(
              source, at, "dimension " + d + " is " + Integer.toUnsignedString(dims[d]));
        }
        elements *= dims[d];
        if (elements * type.bytes() > Integer.MAX_VALUE - 64) {
          throw DatasetFormatException.atOffset(
              source, at, "the data is larger than 2 GiB, which this reader does not support");
        }
      }
      long promised = elements * type.bytes();
      long present = fileSize - counter.position;
      if (!gzip && fileSize >= 0 && present != promised) {
        throw DatasetFormatException.atOffset(
            source,
            present < promised ? fileSize : counter.position + promised,
            String.format(
                "%s: the header (%s %s) promises %d data bytes but the file holds %d after it",
                present < promised ? "truncated" : "unexpected bytes after the data",
                type,
                Arrays.toString(dims),
                promised,
                present));
      }
      byte[] body = counter.readFully(data, (int) promised, "the data");
      if (data.read() != -1) {
        throw DatasetFormatException.atOffset(
            source,
            counter.position,
            "unexpected bytes after the data; the header promises "
                + elements * type.bytes()
                + " data bytes");
      }
      return new IdxArray(source, type, dims, body);
    } catch (IOException e) {
      throw DatasetFormatException.atOffset(
          source, counter.position, "corrupt or unreadable data: " + e, e);
    }
  }

  private static boolean isGzip(BufferedInputStream in) throws IOException {
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return b0 == 0x1F && b1 == 0x8B;
  }

  /** Reads exact byte counts and remembers the offset reached, for error messages. */
  private static final class Counter {
    private final String source;
    private long position;

    Counter(String source) {
      this.source = source;
    }

    /**
     * Reads exactly {@code n} bytes. The buffer starts small and doubles as bytes arrive, so a
     * header promising gigabytes costs memory only for the bytes actually there.
     */
    byte[] readFully(InputStream in, int n, String what) throws IOException {
      byte[] out = new byte[Math.min(n, FIRST_BUFFER)];
      int filled = 0;
      try {
        while (filled < n) {
          if (filled == out.length) {
            out = Arrays.copyOf(out, (int) Math.min(n, 2L * out.length));
          }
          int r = in.read(out, filled, out.length - filled);
          if (r < 0) {
            throw DatasetFormatException.atOffset(
                source,
                position + filled,
                "truncated: the file ends inside "
                    + what
                    + " ("
                    + filled
                    + " of "
                    + n
                    + " bytes present)");
          }
          filled += r;
        }
      } finally {
        position += filled;
      }
      return out;
    }
  }
}
