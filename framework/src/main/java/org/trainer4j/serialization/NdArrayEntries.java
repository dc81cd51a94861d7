package org.trainer4j.serialization;

import com.google.common.base.Preconditions;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Checks an ND4J binary array ({@code Nd4j.toByteArray}) before ND4J parses it. ND4J allocates
 * native buffers of whatever lengths the two buffer headers (shape information, then data) state,
 * and views the data through the stated shape and strides without bounds checks; a forged entry
 * (the manifest checksum proves integrity, not origin) could claim gigabytes or reach outside its
 * buffer. Here every length must be paid for by bytes present, and the shape and strides must stay
 * inside the data.
 */
public final class NdArrayEntries {

  private static final int MAX_RANK = 32;
  // Modes written with an int length rather than a long (DataBuffer.AllocationMode ordinals < 3).
  private static final Set<String> INT_LENGTH_MODES = Set.of("DIRECT", "HEAP", "JAVACPP");
  private static final Set<String> LONG_LENGTH_MODES = Set.of("LONG_SHAPE", "MIXED_DATA_TYPES");
  private static final Set<DataType> VARIABLE_WIDTH =
      Set.of(DataType.UTF8, DataType.COMPRESSED, DataType.UNKNOWN);

  private NdArrayEntries() {}

  /**
   * What is wrong with {@code bytes} as an ND4J array; empty if it is well formed and the bytes
   * cover every length it states.
   */
  public static Optional<String> problem(byte[] bytes) {
    Preconditions.checkNotNull(bytes, "bytes");
    return problem(new ByteArrayInputStream(bytes));
  }

  /**
   * Like {@link #problem(byte[])} for the rest of {@code stream}, which it reads without keeping
   * more than the headers: the data is counted, not stored, and counting stops one byte past what
   * the header states. Does not close {@code stream}.
   */
  public static Optional<String> problem(InputStream stream) {
    return Optional.ofNullable(
        check(new DataInputStream(Preconditions.checkNotNull(stream, "stream"))));
  }

  /** The problem, or null. */
  private static String check(DataInputStream in) {
    try {
      Header shapeHeader = header(in, "shape information");
      if (shapeHeader.type != DataType.LONG) {
        return "shape information is " + shapeHeader.type + ", not LONG";
      }
      if (shapeHeader.length < 4 || shapeHeader.length > 2 * MAX_RANK + 4) {
        return "shape information of " + shapeHeader.length + " values";
      }
      long[] info = new long[(int) shapeHeader.length];
      for (int i = 0; i < info.length; i++) {
        info[i] = in.readLong();
      }
      long rank = info[0];
      if (rank < 0 || rank > MAX_RANK || info.length != 2 * rank + 4) {
        return "rank " + rank + " does not match " + info.length + " shape values";
      }
      Header dataHeader = header(in, "data");
      if (VARIABLE_WIDTH.contains(dataHeader.type)) {
        return "data of type " + dataHeader.type + " is not supported in snapshots";
      }
      long needed = Math.multiplyExact(dataHeader.length, (long) dataHeader.type.width());
      long present = countUpTo(in, needed + 1);
      if (present != needed) {
        return String.format(
            "the data header states %d %s values (%d bytes) but %s bytes follow",
            dataHeader.length,
            dataHeader.type,
            needed,
            present > needed ? "more than " + needed : String.valueOf(present));
      }
      return viewProblem(info, (int) rank, dataHeader.length);
    } catch (IOException | IllegalArgumentException | ArithmeticException e) {
      return "unreadable header: " + e;
    }
  }

  /** The shape must be non-negative and every element it addresses inside the data. */
  private static String viewProblem(long[] info, int rank, long dataLength) {
    long elements = 1;
    long lastOffset = 0;
    for (int d = 0; d < rank; d++) {
      long size = info[1 + d];
      long stride = info[1 + rank + d];
      if (size < 0 || stride < 0) {
        return "negative size or stride in dimension " + d;
      }
      elements = Math.multiplyExact(elements, size);
      if (size > 0) {
        lastOffset = Math.addExact(lastOffset, Math.multiplyExact(size - 1, stride));
      }
    }
    if (elements == 0 ? dataLength < 0 : lastOffset >= dataLength || elements > dataLength) {
      return String.format(
          "its shape addresses %d elements (last offset %d) but the data holds %d",
          elements, lastOffset, dataLength);
    }
    return null;
  }

  private static long countUpTo(InputStream in, long limit) throws IOException {
    byte[] buffer = new byte[8192];
    long count = 0;
    while (count < limit) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - count));
      if (n < 0) {
        break;
      }
      count += n;
    }
    return count;
  }

  private record Header(DataType type, long length) {}

  private static Header header(DataInputStream in, String what) throws IOException {
    String mode = in.readUTF();
    long length;
    if (INT_LENGTH_MODES.contains(mode)) {
      length = in.readInt();
    } else if (LONG_LENGTH_MODES.contains(mode)) {
      length = in.readLong();
    } else {
      throw new IOException(what + " has unknown allocation mode '" + mode + "'");
    }
    DataType type = DataType.valueOf(in.readUTF());
    if (length < 0) {
      throw new IOException(what + " has negative length " + length);
    }
    return new Header(type, length);
  }
}
