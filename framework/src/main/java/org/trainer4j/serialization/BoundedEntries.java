package org.trainer4j.serialization;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Inflates one zip entry into memory without trusting it: the buffer grows with the bytes that
 * actually arrive (never to a declared size up front), and inflation stops as soon as the entry
 * produces more than the size the zip directory declares for it. A zip bomb thus costs at most its
 * declared size, which {@link ChecksummedZip} has already checked against its cap.
 */
final class BoundedEntries {

  /** The largest byte array the JVM allocates reliably. */
  static final long MAX_ENTRY_BYTES = Integer.MAX_VALUE - 16;

  private static final int FIRST_BUFFER = 1 << 16;

  private BoundedEntries() {}

  /**
   * The inflated bytes of {@code entry}, which must be exactly its declared size.
   *
   * @throws InvalidStateArchiveException naming the file and entry if it inflates to more or fewer
   *     bytes than declared, or cannot be inflated
   */
  static byte[] inflate(Path file, ZipFile zip, ZipEntry entry)
      throws InvalidStateArchiveException {
    long declared = entry.getSize();
    byte[] buffer = new byte[(int) Math.min(declared, FIRST_BUFFER)];
    int filled = 0;
    try (InputStream in = zip.getInputStream(entry)) {
      while (true) {
        if (filled == buffer.length) {
          if (filled == declared) {
            if (in.read() >= 0) {
              throw new InvalidStateArchiveException(
                  file,
                  String.format(
                      "entry '%s' inflates to more than the %d bytes its zip directory declares"
                          + " (a zip bomb, or a corrupt file); stopped reading there",
                      entry.getName(), declared));
            }
            break;
          }
          buffer = Arrays.copyOf(buffer, (int) Math.min(declared, 2L * buffer.length));
        }
        int n = in.read(buffer, filled, buffer.length - filled);
        if (n < 0) {
          break;
        }
        filled += n;
      }
    } catch (InvalidStateArchiveException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new InvalidStateArchiveException(
          file, "entry '" + entry.getName() + "' cannot be read (corrupt): " + e.getMessage(), e);
    }
    if (filled != declared) {
      throw new InvalidStateArchiveException(
          file,
          String.format(
              "entry '%s' inflates to %d bytes but its zip directory declares %d (corrupt)",
              entry.getName(), filled, declared));
    }
    return buffer;
  }
}
