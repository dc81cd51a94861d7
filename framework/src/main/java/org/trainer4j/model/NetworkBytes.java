package org.trainer4j.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Guards DL4J's model reader: {@link ModelSerializer} runs Java deserialization on a {@code
 * preprocessor.bin} entry, so a network file from elsewhere could run code while loading. Only the
 * entries DL4J writes for a network are accepted.
 */
final class NetworkBytes {

  private static final Set<String> ALLOWED =
      Set.of(
          ModelSerializer.CONFIGURATION_JSON,
          ModelSerializer.COEFFICIENTS_BIN,
          ModelSerializer.UPDATER_BIN,
          ModelSerializer.NO_PARAMS_MARKER);

  private NetworkBytes() {}

  /**
   * Throws if {@code bytes} hold anything but a plain DL4J network zip.
   *
   * @throws IllegalStateException naming {@code path} and the unexpected entry
   */
  static void checkEntries(byte[] bytes, String path) {
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (!ALLOWED.contains(e.getName())) {
          throw new IllegalStateException(
              String.format(
                  "the network stored at %s contains an entry '%s'; only %s are accepted, because"
                      + " DL4J would deserialize other entries as Java objects",
                  path, e.getName(), ALLOWED));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "the network stored at " + path + " is not a readable zip: " + e.getMessage(), e);
    }
  }
}
