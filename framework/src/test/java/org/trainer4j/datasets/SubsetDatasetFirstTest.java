package org.trainer4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.trainer4j.testing.TestModels;

class SubsetDatasetFirstTest {

  private final ArrayDataset base = TestModels.data(10, 3, 2, 1);

  @Test
  void firstTakesTheLeadingExamplesInOrder() {
    SubsetDataset first = SubsetDataset.first(base, 4);

    assertThat(first.indices()).containsExactly(0, 1, 2, 3);
    assertThat(first.get(new int[] {3}).features()).isEqualTo(base.get(new int[] {3}).features());
    assertThat(first.describe()).startsWith("first 4 of ");
  }

  @Test
  void firstOfMoreThanTheDatasetHasTakesEverything() {
    assertThat(SubsetDataset.first(base, 99).size()).isEqualTo(10);
  }

  @Test
  void nonPositiveCountIsRejectedNamingTheParameter() {
    assertThatThrownBy(() -> SubsetDataset.first(base, 0))
        .hasMessageContaining("n must be positive: 0");
  }
}
