package org.trainer4j.serialization;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes zip files byte by byte, so that tests can state any inflated size in the zip directory and
 * build a few-megabyte entry that inflates to gigabytes, which {@code ZipOutputStream} refuses to
 * do.
 */
public final class ZipBombs {

  private final List<Entry> entries = new ArrayList<>();

  private record Entry(String name, int method, byte[] data, long declaredSize, long crc) {}

  /** Adds a stored (uncompressed) entry with its true size and CRC. */
  public ZipBombs stored(String name, byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    entries.add(new Entry(name, 0, data, data.length, crc.getValue()));
    return this;
  }

  /**
   * Adds a deflated entry of {@code mebibytes} MiB of zeros that claims {@code declaredSize} bytes
   * in the zip directory (the CRC is not computed: readers must stop before it matters).
   */
  public ZipBombs zeros(String name, int mebibytes, long declaredSize) {
    entries.add(new Entry(name, 8, deflatedZeros(mebibytes), declaredSize, 0));
    return this;
  }

  /**
   * Adds a stored {@code MANIFEST.sha256} of format {@code format} 1 listing {@code listedName}
   * with the checksum of {@code listedContent}.
   */
  public ZipBombs manifest(String format, String listedName, byte[] listedContent) {
    String text =
        format
            + " 1\n"
            + HexFormat.of().formatHex(ChecksummedZip.sha256(listedContent))
            + "  "
            + listedName
            + "\n";
    return stored(ChecksummedZip.MANIFEST, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes the zip to {@code file}. */
  public Path writeTo(Path file) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream central = new ByteArrayOutputStream();
    for (Entry e : entries) {
      byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
      int offset = out.size();
      out.write(
          le(30)
              .putInt(0x04034b50)
              .putShort((short) 20)
              .putShort((short) 0)
              .putShort((short) e.method)
              .putInt(0x00210000) // 1980-01-01 00:00
              .putInt((int) e.crc)
              .putInt(e.data.length)
              .putInt((int) e.declaredSize)
              .putShort((short) name.length)
              .putShort((short) 0)
              .array());
      out.write(name);
      out.write(e.data);
      central.write(
          le(46)
              .putInt(0x02014b50)
              .putShort((short) 20)
              .putShort((short) 20)
              .putShort((short) 0)
              .putShort((short) e.method)
              .putInt(0x00210000)
              .putInt((int) e.crc)
              .putInt(e.data.length)
              .putInt((int) e.declaredSize)
              .putShort((short) name.length)
              .putInt(0) // extra and comment lengths
              .putShort((short) 0) // disk
              .putShort((short) 0) // internal attributes
              .putInt(0) // external attributes
              .putInt(offset)
              .array());
      central.write(name);
    }
    int centralOffset = out.size();
    out.write(central.toByteArray());
    out.write(
        le(22)
            .putInt(0x06054b50)
            .putInt(0) // disk numbers
            .putShort((short) entries.size())
            .putShort((short) entries.size())
            .putInt(central.size())
            .putInt(centralOffset)
            .putShort((short) 0)
            .array());
    return Files.write(file, out.toByteArray());
  }

  /**
   * Raw deflate data inflating to {@code mebibytes} MiB of zeros: one fully flushed block for 1 MiB
   * (about 1 KiB), repeated, then an empty final block. Building it takes milliseconds.
   */
  public static byte[] deflatedZeros(int mebibytes) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(new byte[1 << 20]);
    byte[] buffer = new byte[1 << 16];
    int length = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
    if (!deflater.needsInput()) {
      throw new IllegalStateException("1 MiB of zeros did not deflate into 64 KiB");
    }
    deflater.end();
    byte[] block = Arrays.copyOf(buffer, length);
    ByteArrayOutputStream out = new ByteArrayOutputStream(block.length * mebibytes + 2);
    for (int i = 0; i < mebibytes; i++) {
      out.writeBytes(block);
    }
    out.writeBytes(new byte[] {0x03, 0x00}); // final block, fixed codes, end-of-block at once
    return out.toByteArray();
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
