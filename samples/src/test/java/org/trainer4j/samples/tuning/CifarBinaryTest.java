package org.trainer4j.samples.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.Batch;

class CifarBinaryTest {

  @TempDir Path dir;

  /** Writes {@code records} images whose label is the record index and pixels all {@code 255}. */
  private void write(String file, int records, int labelBytes) throws Exception {
    byte[] bytes = new byte[records * (labelBytes + CifarBinary.PIXELS)];
    for (int r = 0; r < records; r++) {
      int off = r * (labelBytes + CifarBinary.PIXELS);
      bytes[off + labelBytes - 1] = (byte) r;
      bytes[off + labelBytes] = (byte) 255;
    }
    Files.write(dir.resolve(file), bytes);
  }

  @Test
  void readsTheFiveCifar10BatchesAsImagesInZeroToOne() throws Exception {
    for (int i = 1; i <= 5; i++) {
      write("data_batch_" + i + ".bin", 2, 1);
    }

    ArrayDataset data = CifarBinary.load(dir, false, 100);

    assertThat(data.size()).isEqualTo(10);
    assertThat(data.exampleShape()).containsExactly(3, 32, 32);
    assertThat(data.labelWidth()).isEqualTo(10);
    Batch b = data.get(new int[] {1});
    assertThat(b.labels().getDouble(0, 1)).isEqualTo(1.0);
    assertThat(b.features().getDouble(0, 0, 0, 0)).isEqualTo(1.0);
    assertThat(b.features().getDouble(0, 0, 0, 1)).isEqualTo(0.0);
  }

  @Test
  void readsCifar100FineLabelsAndHonoursTheLimit() throws Exception {
    write("train.bin", 4, 2);

    ArrayDataset data = CifarBinary.load(dir, true, 3);

    assertThat(data.size()).isEqualTo(3);
    assertThat(data.labelWidth()).isEqualTo(100);
    assertThat(data.get(new int[] {2}).labels().getDouble(0, 2)).isEqualTo(1.0);
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> CifarBinary.load(dir, true, 10)).hasMessageContaining("train.bin");
  }
}
