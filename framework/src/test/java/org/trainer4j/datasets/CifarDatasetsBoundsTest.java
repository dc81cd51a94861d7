package org.trainer4j.datasets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR buffers are sized from the file sizes, and a size no array can hold is a named error. */
class CifarDatasetsBoundsTest {

  @TempDir Path dir;

  @Test
  void aFileOfMoreImagesThanOneArrayHoldsFailsNamingIt() throws Exception {
    Path file = dir.resolve("test_batch.bin");
    long records = Integer.MAX_VALUE / CifarDatasets.PIXELS + 1;
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(records * (1 + CifarDatasets.PIXELS)); // sparse: no disk space used
    }

    assertThatThrownBy(() -> CifarDatasets.cifar10(dir, CifarDatasets.Split.TEST, ImageLayout.FLAT))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(file + ": holds " + records + " images; at most 699050 fit in one array");
  }
}
