package org.trainer4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class SubsetDatasetTest {

  private final ArrayDataset base =
      ArrayDataset.of(
          Nd4j.create(new float[] {10, 11, 12, 13}, new long[] {4, 1}),
          ArrayDataset.oneHot(new int[] {0, 1, 0, 1}, 2));

  @Test
  void servesTheBaseExamplesAtItsIndices() {
    SubsetDataset subset = SubsetDataset.of(base, new int[] {3, 1}, "odd");

    assertThat(subset.size()).isEqualTo(2);
    assertThat(subset.get(new int[] {1, 0}).features().toFloatVector()).containsExactly(11f, 13f);
    assertThat(subset.exampleShape()).containsExactly(1);
    assertThat(subset.labelWidth()).isEqualTo(2);
    assertThat(subset.describe()).startsWith("odd (2 of ");
  }

  @Test
  void rejectsIndicesOutsideTheBaseOrTheSubset() {
    assertThatThrownBy(() -> SubsetDataset.of(base, new int[] {4}, null))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("index 4 at position 0");
    SubsetDataset subset = SubsetDataset.of(base, new int[] {0}, null);
    assertThatThrownBy(() -> subset.get(new int[] {1}))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("outside the subset of 1");
  }
}
