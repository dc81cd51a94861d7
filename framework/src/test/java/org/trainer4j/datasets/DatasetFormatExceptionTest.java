package org.trainer4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class DatasetFormatExceptionTest {

  @Test
  void messageNamesTheSourceAndWhereverTheProblemIs() {
    assertThat(DatasetFormatException.of("a.bin", "is empty").getMessage())
        .isEqualTo("a.bin: is empty");
    assertThat(DatasetFormatException.atOffset("a.bin", 12, "bad").getMessage())
        .isEqualTo("a.bin: bad (byte offset 12)");
    assertThat(DatasetFormatException.atIndex("a.bin", 3, 40, "bad").getMessage())
        .isEqualTo("a.bin: bad (example 3, byte offset 40)");
    assertThat(DatasetFormatException.atIndex("x.png", 3, "bad", null).getMessage())
        .isEqualTo("x.png: bad (example 3)");
  }

  @Test
  void exposesSourceOffsetIndexAndCause() {
    IOException cause = new IOException("disk");
    DatasetFormatException e = DatasetFormatException.atOffset("f", 7, "bad", cause);

    assertThat(e.source()).isEqualTo("f");
    assertThat(e.offset()).hasValue(7);
    assertThat(e.index()).isEmpty();
    assertThat(e).hasCause(cause);
  }
}
