package org.trainer4j.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.util.ModelSerializer;
import org.trainer4j.serialization.NdArrayEntries;

/**
 * Guards DL4J's model reader. {@link ModelSerializer} runs Java deserialization on a {@code
 * preprocessor.bin} entry, so a network file from elsewhere could run code while loading: only the
 * entries DL4J writes for a network are accepted. It also allocates the parameter and optimizer
 * arrays at the lengths their headers state and reads the configuration whole: the arrays must be
 * paid for by their bytes ({@link NdArrayEntries}), and the configuration is capped at {@value
 * #MAX_CONFIGURATION_BYTES} bytes, both counted while streaming, before DL4J sees anything.
 */
final class NetworkBytes {

  private static final Set<String> ALLOWED =
      Set.of(
          ModelSerializer.CONFIGURATION_JSON,
          ModelSerializer.COEFFICIENTS_BIN,
          ModelSerializer.UPDATER_BIN,
          ModelSerializer.NO_PARAMS_MARKER);

  /** Far above any real network's JSON configuration (a few hundred KB for a deep graph). */
  static final int MAX_CONFIGURATION_BYTES = 64 << 20;

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
        String problem = problem(e.getName(), zip);
        if (problem != null) {
          throw new IllegalStateException(
              String.format(
                  "the network stored at %s has an invalid entry '%s': %s",
                  path, e.getName(), problem));
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // ZipInputStream reports an entry name that is not UTF-8 by IllegalArgumentException
      throw new IllegalStateException(
          "the network stored at " + path + " is not a readable zip: " + e.getMessage(), e);
    }
  }

  /** What is wrong with the current entry of {@code zip}, read to its end, or null. */
  private static String problem(String name, ZipInputStream zip) throws IOException {
    if (name.equals(ModelSerializer.COEFFICIENTS_BIN) || name.equals(ModelSerializer.UPDATER_BIN)) {
      return NdArrayEntries.problem(zip).orElse(null);
    }
    long length = zip.skip(MAX_CONFIGURATION_BYTES + 1L);
    return length > MAX_CONFIGURATION_BYTES
        ? "it inflates to more than " + MAX_CONFIGURATION_BYTES + " bytes"
        : null;
  }
}
