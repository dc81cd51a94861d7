package org.trainer4j.serialization;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A zip whose entries are listed with their SHA-256 in a manifest entry, {@value #MANIFEST}, under
 * a format name and version. {@link #read} verifies every checksum before returning anything, so
 * callers never parse a truncated or corrupted entry. The checksum detects damage, not tampering:
 * anyone can write a matching manifest.
 */
public final class ChecksummedZip {

  /** The manifest entry: a header line {@code <format> <version>}, then {@code <sha256> <name>}. */
  public static final String MANIFEST = "MANIFEST.sha256";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._/-]+");
  private static final int MAX_ENTRIES = 1 << 20;

  private ChecksummedZip() {}

  /** The verified content of an archive: its format, version and entries (manifest excluded). */
  public record Contents(Path file, String format, int version, Map<String, byte[]> entries) {

    /** The bytes of entry {@code name}, or an error naming the archive and the entry. */
    public byte[] require(String name) throws InvalidStateArchiveException {
      byte[] bytes = entries.get(name);
      if (bytes == null) {
        throw new InvalidStateArchiveException(file, "entry '" + name + "' is missing");
      }
      return bytes;
    }
  }

  /** Writes entries to a stream, then the manifest on {@link #finish()}. */
  public static final class Writer {
    private final ZipOutputStream zip;
    private final StringBuilder manifest = new StringBuilder();
    private final Map<String, Boolean> names = new HashMap<>();

    /** A writer of a {@code format} archive of {@code version} into {@code out}. */
    public Writer(OutputStream out, String format, int version) {
      Preconditions.checkArgument(
          format != null && NAME.matcher(format).matches(), "invalid format name: '%s'", format);
      this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
      // Model weights barely compress; the fastest level keeps snapshot writes I/O-bound.
      zip.setLevel(Deflater.BEST_SPEED);
      manifest.append(format).append(' ').append(version).append('\n');
    }

    /** Adds entry {@code name} (letters, digits, {@code ._/-}) with {@code bytes}. */
    public Writer put(String name, byte[] bytes) throws IOException {
      Preconditions.checkArgument(
          name != null && NAME.matcher(name).matches() && !MANIFEST.equals(name),
          "invalid entry name: '%s'",
          name);
      Preconditions.checkArgument(names.put(name, true) == null, "duplicate entry: '%s'", name);
      zip.putNextEntry(new ZipEntry(name));
      zip.write(bytes);
      zip.closeEntry();
      manifest.append(HexFormat.of().formatHex(sha256(bytes))).append("  ").append(name);
      manifest.append('\n');
      return this;
    }

    /** Writes the manifest and completes the zip (the underlying stream stays open). */
    public void finish() throws IOException {
      zip.putNextEntry(new ZipEntry(MANIFEST));
      zip.write(manifest.toString().getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.finish();
    }
  }

  /**
   * Reads and verifies the archive {@code file}, which must be of {@code format} with a version of
   * at most {@code maxVersion}.
   *
   * @throws InvalidStateArchiveException naming the file and what failed: not a readable zip
   *     (truncated), no manifest, another format or a newer version, a missing or unlisted entry,
   *     or a checksum mismatch
   * @throws IOException if the file cannot be read at all
   */
  public static Contents read(Path file, String format, int maxVersion) throws IOException {
    Preconditions.checkNotNull(file, "file");
    Preconditions.checkNotNull(format, "format");
    Map<String, byte[]> raw = new LinkedHashMap<>();
    try (ZipFile zip = open(file)) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (raw.size() >= MAX_ENTRIES) {
          throw new InvalidStateArchiveException(file, "more than " + MAX_ENTRIES + " entries");
        }
        if (raw.containsKey(entry.getName())) {
          throw new InvalidStateArchiveException(
              file, "entry '" + entry.getName() + "' appears twice");
        }
        try (InputStream in = zip.getInputStream(entry)) {
          raw.put(entry.getName(), in.readAllBytes());
        } catch (IOException e) {
          throw new InvalidStateArchiveException(
              file,
              "entry '" + entry.getName() + "' cannot be read (corrupt): " + e.getMessage(),
              e);
        }
      }
    }
    byte[] manifestBytes = raw.remove(MANIFEST);
    if (manifestBytes == null) {
      throw new InvalidStateArchiveException(
          file, "no " + MANIFEST + " entry: not a trainer4j archive, or an incomplete one");
    }
    String[] lines = new String(manifestBytes, StandardCharsets.UTF_8).split("\n");
    int version = checkHeader(file, lines[0], format, maxVersion);
    Map<String, byte[]> verified = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      int split = line.indexOf("  ");
      if (split != 64) {
        throw new InvalidStateArchiveException(
            file, "manifest line " + (i + 1) + " is malformed: '" + line + "'");
      }
      String name = line.substring(split + 2);
      byte[] bytes = raw.remove(name);
      if (bytes == null) {
        throw new InvalidStateArchiveException(
            file, "entry '" + name + "' listed in the manifest is missing");
      }
      String expected = line.substring(0, split);
      String actual = HexFormat.of().formatHex(sha256(bytes));
      if (!expected.equalsIgnoreCase(actual)) {
        throw new InvalidStateArchiveException(
            file,
            String.format(
                "checksum mismatch in entry '%s' (manifest %s, content %s): the file is corrupt",
                name, expected, actual));
      }
      verified.put(name, bytes);
    }
    if (!raw.isEmpty()) {
      throw new InvalidStateArchiveException(
          file, "entries " + raw.keySet() + " are not listed in the manifest");
    }
    return new Contents(file, format, version, verified);
  }

  private static ZipFile open(Path file) throws IOException {
    try {
      return new ZipFile(file.toFile(), StandardCharsets.UTF_8);
    } catch (java.util.zip.ZipException e) {
      throw new InvalidStateArchiveException(
          file, "not a readable zip archive (truncated or overwritten?): " + e.getMessage(), e);
    }
  }

  private static int checkHeader(Path file, String header, String format, int maxVersion)
      throws InvalidStateArchiveException {
    String[] parts = header.trim().split(" ");
    if (parts.length != 2 || !parts[0].equals(format)) {
      throw new InvalidStateArchiveException(
          file, "is a '" + header.trim() + "' archive, expected '" + format + "'");
    }
    int version;
    try {
      version = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new InvalidStateArchiveException(file, "malformed manifest header '" + header + "'");
    }
    if (version < 1 || version > maxVersion) {
      throw new InvalidStateArchiveException(
          file,
          String.format(
              "archive format version %d; this trainer4j reads versions 1 to %d",
              version, maxVersion));
    }
    return version;
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
