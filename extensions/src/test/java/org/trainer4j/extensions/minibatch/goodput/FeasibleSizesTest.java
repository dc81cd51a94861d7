package org.trainer4j.extensions.minibatch.goodput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FeasibleSizesTest {

  @Test
  void roundsTheBoundsInwardToMultiplesOfTheReplicaCount() {
    FeasibleSizes sizes = FeasibleSizes.of(10, 50, 1000, 8);

    assertThat(sizes.sizes().toArray()).containsExactly(16, 24, 32, 40, 48);
  }

  @Test
  void capsTheLargestSizeAtTheDataset() {
    FeasibleSizes sizes = FeasibleSizes.of(1, 4096, 1100, 4);

    assertThat(sizes.max()).isEqualTo(1100);
    assertThat(sizes.min()).isEqualTo(4);
    assertThat(sizes.contains(1100)).isTrue();
    assertThat(sizes.contains(1102)).isFalse();
    assertThat(sizes.contains(6)).isFalse();
  }

  @Test
  void refusesARangeWithoutAnyMultipleNamingTheNumbers() {
    assertThatThrownBy(() -> FeasibleSizes.of(9, 15, 1000, 8))
        .hasMessageContaining("no multiple of 8")
        .hasMessageContaining("min 9");
  }

  @Test
  void refusesBoundsThatAreNotMultiples() {
    assertThatThrownBy(() -> new FeasibleSizes(4, 12, 8)).hasMessageContaining("multiples of 8");
  }

  @Test
  void aMinimumNearTheIntRangeIsRefusedForItsRangeNotAsANegativeNumber() {
    // Rounding it up to a multiple of 2 passed Integer.MAX_VALUE and read as negative.
    assertThatThrownBy(() -> FeasibleSizes.of(Integer.MAX_VALUE, Integer.MAX_VALUE, 100, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no multiple of 2 lies between min 2147483647");
  }
}
