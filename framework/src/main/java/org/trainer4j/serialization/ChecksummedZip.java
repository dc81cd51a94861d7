package org.trainer4j.serialization;

import com.google.common.base.Preconditions;
import java.io.IOException;
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
import java.util.Set;
import java.util.TreeSet;
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
  // Far above any real archive (a state archive has an entry per array), far below what would make
  // the manifest and the name map a memory problem.
  private static final int MAX_ENTRIES = 1 << 16;

  /**
   * The manifest holds a 64-digit checksum and a name per entry; room for 65536 entries with names
   * of 190 characters.
   */
  static final int MAX_MANIFEST_BYTES = 16 << 20;

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
   * at most {@code maxVersion}, refusing archives whose entries declare more than {@link
   * #defaultMaxBytes()} in all.
   *
   * @throws InvalidStateArchiveException naming the file and what failed: not a readable zip
   *     (truncated), no manifest, another format or a newer version, a missing or unlisted entry, a
   *     checksum mismatch, declared sizes over the cap, or an entry that inflates to more than it
   *     declares (a zip bomb)
   * @throws IOException if the file cannot be read at all
   */
  public static Contents read(Path file, String format, int maxVersion) throws IOException {
    return read(file, format, maxVersion, defaultMaxBytes());
  }

  /**
   * The default cap on the inflated size of an archive's entries together: half the maximum heap.
   * Loading holds the entry bytes and what is parsed from them at once, so a larger archive could
   * not be loaded anyway; refusing it by name beats an {@code OutOfMemoryError}.
   */
  public static long defaultMaxBytes() {
    return Runtime.getRuntime().maxMemory() / 2;
  }

  /**
   * Like {@link #read(Path, String, int)} with a cap of {@code maxBytes} on the inflated size of
   * all entries together. Memory use is bounded by the sizes the zip directory declares and by the
   * bytes that actually inflate: nothing is allocated from a declared size alone. The checks run in
   * this order, so a hostile file costs little: the entry count and declared sizes against the cap;
   * then the manifest (read first, itself capped at {@value #MAX_MANIFEST_BYTES} bytes), its
   * format, version and entry list against the zip's; only then the entries, each inflated with a
   * cap of its declared size checked while streaming, and its checksum.
   */
  public static Contents read(Path file, String format, int maxVersion, long maxBytes)
      throws IOException {
    Preconditions.checkNotNull(file, "file");
    Preconditions.checkNotNull(format, "format");
    Preconditions.checkArgument(maxBytes > 0, "maxBytes must be positive: %s", maxBytes);
    try (ZipFile zip = open(file)) {
      return read(file, zip, format, maxVersion, maxBytes);
    } catch (RuntimeException e) {
      // ZipFile's entry list reports some damaged directories by unchecked exceptions
      throw new InvalidStateArchiveException(file, "corrupt zip directory: " + e, e);
    }
  }

  private static Contents read(Path file, ZipFile zip, String format, int maxVersion, long maxBytes)
      throws IOException {
    Map<String, ZipEntry> byName = directory(file, zip, maxBytes);
    ZipEntry manifestEntry = byName.remove(MANIFEST);
    if (manifestEntry == null) {
      throw new InvalidStateArchiveException(
          file, "no " + MANIFEST + " entry: not a trainer4j archive, or an incomplete one");
    }
    if (manifestEntry.getSize() > MAX_MANIFEST_BYTES) {
      throw new InvalidStateArchiveException(
          file,
          String.format(
              "%s declares %d bytes, more than the %d a manifest may have",
              MANIFEST, manifestEntry.getSize(), MAX_MANIFEST_BYTES));
    }
    String[] lines =
        new String(BoundedEntries.inflate(file, zip, manifestEntry), StandardCharsets.UTF_8)
            .split("\n");
    int version = checkHeader(file, lines[0], format, maxVersion);
    Map<String, String> listed = listedChecksums(file, lines);
    for (String name : listed.keySet()) {
      if (!byName.containsKey(name)) {
        throw new InvalidStateArchiveException(
            file, "entry '" + name + "' listed in the manifest is missing");
      }
    }
    if (!listed.keySet().containsAll(byName.keySet())) {
      Set<String> unlisted = new TreeSet<>(byName.keySet());
      unlisted.removeAll(listed.keySet());
      throw new InvalidStateArchiveException(
          file, "entries " + unlisted + " are not listed in the manifest");
    }
    Map<String, byte[]> verified = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : listed.entrySet()) {
      byte[] bytes = BoundedEntries.inflate(file, zip, byName.get(e.getKey()));
      String actual = HexFormat.of().formatHex(sha256(bytes));
      if (!e.getValue().equalsIgnoreCase(actual)) {
        throw new InvalidStateArchiveException(
            file,
            String.format(
                "checksum mismatch in entry '%s' (manifest %s, content %s): the file is corrupt",
                e.getKey(), e.getValue(), actual));
      }
      verified.put(e.getKey(), bytes);
    }
    return new Contents(file, format, version, verified);
  }

  /** The zip's entries by name, after checking their count, names and declared sizes. */
  private static Map<String, ZipEntry> directory(Path file, ZipFile zip, long maxBytes)
      throws InvalidStateArchiveException {
    if (zip.size() > MAX_ENTRIES) {
      throw new InvalidStateArchiveException(
          file, "has " + zip.size() + " entries, more than " + MAX_ENTRIES);
    }
    Map<String, ZipEntry> byName = new LinkedHashMap<>();
    long declared = 0;
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      ZipEntry entry = entries.nextElement();
      if (byName.put(entry.getName(), entry) != null) {
        throw new InvalidStateArchiveException(
            file, "entry '" + entry.getName() + "' appears twice");
      }
      long size = entry.getSize();
      declared += Math.max(0, size);
      if (declared > maxBytes) {
        throw new InvalidStateArchiveException(
            file,
            String.format(
                "its entries declare more than %d bytes inflated (the cap; entry '%s' declares"
                    + " %d): too large to load, or a zip bomb",
                maxBytes, entry.getName(), size));
      }
      if (size < 0 || size > BoundedEntries.MAX_ENTRY_BYTES) {
        throw new InvalidStateArchiveException(
            file,
            String.format(
                "entry '%s' declares an inflated size of %d bytes; an entry holds 0 to %d",
                entry.getName(), size, BoundedEntries.MAX_ENTRY_BYTES));
      }
    }
    return byName;
  }

  /** Entry name to expected checksum, in manifest order, from the lines after the header. */
  private static Map<String, String> listedChecksums(Path file, String[] lines)
      throws InvalidStateArchiveException {
    Map<String, String> listed = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      int split = line.indexOf("  ");
      if (split != 64) {
        throw new InvalidStateArchiveException(
            file, "manifest line " + (i + 1) + " is malformed: '" + abbreviate(line) + "'");
      }
      String name = line.substring(split + 2);
      if (listed.put(name, line.substring(0, split)) != null || MANIFEST.equals(name)) {
        throw new InvalidStateArchiveException(
            file, "manifest line " + (i + 1) + " lists '" + abbreviate(name) + "' again");
      }
    }
    return listed;
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  private static ZipFile open(Path file) throws IOException {
    try {
      return new ZipFile(file.toFile(), StandardCharsets.UTF_8);
    } catch (java.util.zip.ZipException | java.io.EOFException | RuntimeException e) {
      // ZipFile reports a damaged directory by any of these (an EOFException when the end record
      // points past the end of the file); only other IOExceptions mean the file is unreadable.
      throw new InvalidStateArchiveException(
          file, "not a readable zip archive (truncated or overwritten?): " + e, e);
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
