package org.trainer4j.extensions.util;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Early checks for extensions that write files, run from {@code initialize} so that an unwritable
 * output fails before the first iteration rather than after an hour of training.
 */
public final class OutputFiles {

  private OutputFiles() {}

  /**
   * Creates {@code dir} if needed and proves it writable by creating and deleting a probe file.
   *
   * @param purpose what the directory is for, for the message (e.g. "snapshot directory")
   * @return {@code dir}
   * @throws UncheckedIOException naming the directory and the reason
   */
  public static Path ensureWritableDirectory(Path dir, String purpose) {
    Preconditions.checkNotNull(dir, "dir");
    try {
      Files.createDirectories(dir);
      Path probe =
          dir.resolve(
              ".write-probe-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()));
      Files.createFile(probe);
      Files.delete(probe);
      return dir;
    } catch (IOException | SecurityException e) {
      throw new UncheckedIOException(
          new IOException(
              String.format("%s %s is not writable: %s", purpose, dir.toAbsolutePath(), e), e));
    }
  }

  /**
   * Checks that {@code file} can be (re)written: its directory is writable and the path is not a
   * directory.
   *
   * @throws UncheckedIOException naming the file and the reason
   */
  public static void checkWritableFile(Path file, String purpose) {
    Preconditions.checkNotNull(file, "file");
    Path absolute = file.toAbsolutePath();
    ensureWritableDirectory(absolute.getParent(), "directory of the " + purpose);
    if (Files.isDirectory(absolute)) {
      throw new UncheckedIOException(
          new IOException(
              String.format("%s %s cannot be written: it is a directory", purpose, absolute)));
    }
  }
}
