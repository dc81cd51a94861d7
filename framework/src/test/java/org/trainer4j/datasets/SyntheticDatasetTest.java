package org.trainer4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SyntheticDatasetTest {

  @Test
  void buildsTheRequestedShapeAndSaysItIsSynthetic() {
    ArrayDataset data = SyntheticDataset.classification(6, new long[] {1, 2, 3}, 3, 1.0, 7);

    assertThat(data.size()).isEqualTo(6);
    assertThat(data.exampleShape()).containsExactly(1, 2, 3);
    assertThat(data.describe()).startsWith("synthetic (not real data)");
  }

  @Test
  void refusesADatasetTooLargeForOneArrayNamingTheSizes() {
    assertThatThrownBy(
            () -> SyntheticDataset.classification(100_000, new long[] {100_000}, 2, 1.0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("size x example length = 100000 x 100000 = 10000000000 exceeds");
  }

  @Test
  void refusesAnExampleShapeWhoseProductOverflowsNamingTheShape() {
    assertThatThrownBy(
            () -> SyntheticDataset.classification(1, new long[] {1L << 32, 1L << 32}, 2, 1.0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("example too large: [4294967296, 4294967296]");
  }

  @Test
  void refusesNonFiniteNoise() {
    assertThatThrownBy(
            () ->
                SyntheticDataset.classification(4, new long[] {2}, 2, Double.POSITIVE_INFINITY, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("noise must be finite");
    assertThatThrownBy(() -> SyntheticDataset.classification(4, new long[] {2}, 2, Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("noise must be finite");
  }
}
