package org.trainer4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.serialization.ZipBombs;
import org.trainer4j.testing.Allocations;
import org.trainer4j.testing.Allocations.Measured;

/** Headers that claim more data than the file holds cost no more memory than the file does. */
class IdxReaderBoundsTest {

  private static final int[] CLAIM = {2_700_000, 28, 28}; // 2.1 GB of pixels
  private static final long MIB = 1 << 20;

  @TempDir Path dir;

  @Test
  void aSixtyByteFileClaimingMillionsOfImagesFailsByNameBeforeAllocatingThem() throws Exception {
    Path file = IdxTestFiles.write(dir.resolve("train-images-idx3-ubyte"), sixtyBytes());

    Measured read = Allocations.during(() -> IdxReader.read(file));

    assertThat(read.thrown())
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith(file + ": truncated")
        .hasMessageContaining("[2700000, 28, 28]) promises 2116800000 data bytes")
        .hasMessageContaining("the file holds 44 after it");
    assertThat(read.bytes()).isLessThan(MIB);
  }

  @Test
  void aStreamOfUnknownSizeMakingTheSameClaimAllocatesOnlyForWhatArrives() {
    Measured read =
        Allocations.during(() -> IdxReader.read(new ByteArrayInputStream(sixtyBytes()), "stream"));

    assertThat(read.thrown())
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("truncated: the file ends inside the data (44 of 2116800000");
    assertThat(read.bytes()).isLessThan(16 * MIB);
  }

  @Test
  void gzipDataInflatingFarBelowTheClaimCostsAboutWhatInflates() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    gz.writeBytes(gzipMember(Arrays.copyOf(sixtyBytes(), 16)));
    gz.writeBytes(gzipOfZeros(64)); // a second gzip member: 64 MiB of zeros from 64 KiB
    Path file = IdxTestFiles.write(dir.resolve("bomb.gz"), gz.toByteArray());

    Measured read = Allocations.during(() -> IdxReader.read(file));

    assertThat(read.thrown())
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("truncated: the file ends inside the data (67108864 of 2116800000");
    assertThat(read.bytes()).isLessThan(4 * 64 * MIB);
  }

  @Test
  void gzipDataInflatingPastTheClaimStopsOneBytePastIt() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    gz.writeBytes(gzipMember(IdxTestFiles.labels(1, 2, 3)));
    gz.writeBytes(gzipOfZeros(1024)); // 1 GiB more, never inflated
    Path file = IdxTestFiles.write(dir.resolve("long.gz"), gz.toByteArray());

    Measured read = Allocations.during(() -> IdxReader.read(file));

    assertThat(read.thrown())
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("unexpected bytes after the data");
    assertThat(read.bytes()).isLessThan(16 * MIB);
  }

  /** The IDX header of {@link #CLAIM} followed by 44 pixel bytes. */
  private static byte[] sixtyBytes() {
    byte[] bytes = IdxTestFiles.ubyte(CLAIM, new byte[44]);
    assertThat(bytes).hasSize(60);
    return bytes;
  }

  private static byte[] gzipMember(byte[] content) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(content);
    }
    return out.toByteArray();
  }

  /** A valid gzip member of {@code mebibytes} MiB of zeros, built without deflating them. */
  private static byte[] gzipOfZeros(int mebibytes) {
    CRC32 crc = new CRC32();
    byte[] zeros = new byte[(int) MIB];
    for (int i = 0; i < mebibytes; i++) {
      crc.update(zeros);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
    out.writeBytes(ZipBombs.deflatedZeros(mebibytes));
    out.writeBytes(
        ByteBuffer.allocate(8)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt((int) crc.getValue())
            .putInt((int) (mebibytes * MIB))
            .array());
    return out.toByteArray();
  }
}
