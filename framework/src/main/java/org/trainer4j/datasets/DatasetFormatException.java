package org.trainer4j.datasets;

import java.util.OptionalLong;

/**
 * Data that cannot be read as the format it claims to be: a missing or unreadable file, a wrong
 * magic number, a truncated file, counts that disagree, a label out of range. The message names the
 * file and, where one exists, the byte offset or example index at fault. Readers throw it before
 * returning anything, so a half-loaded dataset is never used.
 */
public final class DatasetFormatException extends RuntimeException {

  private final String source;
  private final long offset;
  private final long index;

  private DatasetFormatException(
      String source, long offset, long index, String problem, Throwable cause) {
    super(message(source, offset, index, problem), cause);
    this.source = source;
    this.offset = offset;
    this.index = index;
  }

  /** A problem with {@code source} as a whole (missing, unreadable, empty). */
  public static DatasetFormatException of(String source, String problem) {
    return new DatasetFormatException(source, -1, -1, problem, null);
  }

  /** A problem with {@code source} as a whole, caused by {@code cause}. */
  public static DatasetFormatException of(String source, String problem, Throwable cause) {
    return new DatasetFormatException(source, -1, -1, problem, cause);
  }

  /** A problem found at byte {@code offset} of {@code source}. */
  public static DatasetFormatException atOffset(String source, long offset, String problem) {
    return new DatasetFormatException(source, offset, -1, problem, null);
  }

  /** A problem found at byte {@code offset} of {@code source}, caused by {@code cause}. */
  public static DatasetFormatException atOffset(
      String source, long offset, String problem, Throwable cause) {
    return new DatasetFormatException(source, offset, -1, problem, cause);
  }

  /** A problem with example {@code index} of {@code source}, stored at byte {@code offset}. */
  public static DatasetFormatException atIndex(
      String source, long index, long offset, String problem) {
    return new DatasetFormatException(source, offset, index, problem, null);
  }

  /** A problem with example {@code index} of {@code source}, caused by {@code cause}. */
  public static DatasetFormatException atIndex(
      String source, long index, String problem, Throwable cause) {
    return new DatasetFormatException(source, -1, index, problem, cause);
  }

  /** The file (or resource) at fault. */
  public String source() {
    return source;
  }

  /** The byte offset at fault, counted in the decompressed data for gzip files. */
  public OptionalLong offset() {
    return offset < 0 ? OptionalLong.empty() : OptionalLong.of(offset);
  }

  /** The index of the example at fault. */
  public OptionalLong index() {
    return index < 0 ? OptionalLong.empty() : OptionalLong.of(index);
  }

  private static String message(String source, long offset, long index, String problem) {
    StringBuilder sb = new StringBuilder(source).append(": ").append(problem);
    if (index >= 0) {
      sb.append(" (example ").append(index);
      if (offset >= 0) {
        sb.append(", byte offset ").append(offset);
      }
      sb.append(')');
    } else if (offset >= 0) {
      sb.append(" (byte offset ").append(offset).append(')');
    }
    return sb.toString();
  }
}
