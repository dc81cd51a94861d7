package org.trainer4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

  @TempDir Path dir;

  @Test
  void readsTheHeaderAndBigEndianDataOfARawFile() throws Exception {
    Path file = IdxTestFiles.write(dir.resolve("images"), IdxTestFiles.images(3, 2, 2));

    IdxArray array = IdxReader.read(file);

    assertThat(array.type()).isEqualTo(IdxArray.Type.UNSIGNED_BYTE);
    assertThat(array.dims()).containsExactly(3, 2, 2);
    assertThat(array.count()).isEqualTo(3);
    assertThat(array.itemLength()).isEqualTo(4);
    assertThat(array.value(5)).isEqualTo(2.0); // image 1, pixel 1
    assertThat(array.source()).isEqualTo(file.toString());
  }

  @Test
  void detectsGzipByItsMagicBytesWhateverTheName() throws Exception {
    byte[] bytes = IdxTestFiles.images(2, 3, 3);
    Path gz = IdxTestFiles.writeGzip(dir.resolve("no-extension"), bytes);
    Path raw = IdxTestFiles.write(dir.resolve("raw.gz"), bytes);

    assertThat(IdxReader.read(gz).toFloats(1)).containsExactly(IdxReader.read(raw).toFloats(1));
  }

  @Test
  void decodesUnsignedBytesAbove127AndWiderTypes() throws Exception {
    byte[] ubyte = IdxTestFiles.ubyte(new int[] {2}, new byte[] {(byte) 255, (byte) 128});
    ByteBuffer ints = ByteBuffer.allocate(4 + 4 + 8);
    ints.put(new byte[] {0, 0, 0x0C, 1}).putInt(2).putInt(-7).putInt(70000);

    IdxArray u = IdxReader.read(new ByteArrayInputStream(ubyte), "u");
    IdxArray i = IdxReader.read(new ByteArrayInputStream(ints.array()), "i");

    assertThat(u.toFloats(1.0 / 255)).containsExactly(1.0f, 128 / 255f);
    assertThat(i.type()).isEqualTo(IdxArray.Type.INT);
    assertThat(i.value(0)).isEqualTo(-7);
    assertThat(i.value(1)).isEqualTo(70000);
  }

  @Test
  void wrongMagicNumberNamesTheFileAndOffsetZero() throws Exception {
    byte[] bytes = IdxTestFiles.images(1, 2, 2);
    bytes[0] = 0x1E;
    Path file = IdxTestFiles.write(dir.resolve("bad-magic"), bytes);

    assertThatThrownBy(() -> IdxReader.read(file))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("bad IDX magic number 0x1E000803")
        .asInstanceOf(type(DatasetFormatException.class))
        .satisfies(e -> assertThat(e.offset()).hasValue(0));
  }

  @Test
  void unknownTypeCodeIsABadMagicNumber() {
    byte[] bytes = IdxTestFiles.labels(1, 2);
    bytes[2] = 0x07;

    assertThatThrownBy(() -> IdxReader.read(new ByteArrayInputStream(bytes), "labels"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("bad IDX magic number");
  }

  @Test
  void truncatedDataNamesTheOffsetWhereTheFileEnds() throws Exception {
    byte[] full = IdxTestFiles.images(4, 2, 2); // 16-byte header + 16 data bytes
    Path file = IdxTestFiles.writeGzip(dir.resolve("cut.gz"), Arrays.copyOf(full, 16 + 10));

    assertThatThrownBy(() -> IdxReader.read(file))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("truncated")
        .hasMessageContaining("10 of 16 bytes")
        .asInstanceOf(type(DatasetFormatException.class))
        .satisfies(e -> assertThat(e.offset()).hasValue(26));
  }

  @Test
  void truncatedHeaderIsReported() {
    byte[] header = Arrays.copyOf(IdxTestFiles.images(4, 2, 2), 9);

    assertThatThrownBy(() -> IdxReader.read(new ByteArrayInputStream(header), "short"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("inside dimension 1")
        .asInstanceOf(type(DatasetFormatException.class))
        .satisfies(e -> assertThat(e.offset()).hasValue(9));
  }

  @Test
  void bytesAfterTheDataAreReported() {
    byte[] full = IdxTestFiles.labels(1, 2, 3);
    byte[] longer = Arrays.copyOf(full, full.length + 2);

    assertThatThrownBy(() -> IdxReader.read(new ByteArrayInputStream(longer), "long"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("unexpected bytes after the data")
        .asInstanceOf(type(DatasetFormatException.class))
        .satisfies(e -> assertThat(e.offset()).hasValue(full.length));
  }

  @Test
  void zeroDimensionIsReportedWithItsOffset() {
    byte[] bytes = IdxTestFiles.ubyte(new int[] {2, 0}, new byte[0]);

    assertThatThrownBy(() -> IdxReader.read(new ByteArrayInputStream(bytes), "zero"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("dimension 1 is 0")
        .asInstanceOf(type(DatasetFormatException.class))
        .satisfies(e -> assertThat(e.offset()).hasValue(8));
  }

  @Test
  void corruptGzipIsADatasetFormatExceptionWithItsCause() throws Exception {
    Path good = IdxTestFiles.writeGzip(dir.resolve("good.gz"), IdxTestFiles.images(50, 4, 4));
    byte[] gz = Files.readAllBytes(good);
    Path cut = IdxTestFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));

    assertThatThrownBy(() -> IdxReader.read(cut))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(cut.toString())
        .hasCauseInstanceOf(java.io.IOException.class);
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("nope");

    assertThatThrownBy(() -> IdxReader.read(missing))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(missing + ": does not exist");
  }
}
