package org.trainer4j.extensions.minibatch.goodput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A run's goodput history in a snapshot: what it packs, and what it reads from older snapshots. */
class GoodputEstimateTest {

  private static GoodputEstimate estimate(long iteration, int size, double factor) {
    return new GoodputEstimate(iteration, 0, 32, size, 2.0, 0.02, 10, 50, 0.02, 1e-4, 4096, factor);
  }

  @Test
  void aHistoryUnpacksAsItWasPackedWithEachEstimatesCriticalBatchFactor() {
    List<GoodputEstimate> history = List.of(estimate(0, 632, 4), estimate(1875, 316, 1));

    assertThat(GoodputEstimate.unpack(GoodputEstimate.pack(history))).isEqualTo(history);
    assertThat(GoodputEstimate.unpack(GoodputEstimate.pack(List.of()))).isEmpty();
  }

  @Test
  void aHistoryPackedBeforeTheFactorReadsAsChosenWithTheModelAsPublished() {
    // Eleven numbers per estimate, as snapshots held them until 2026-12-06.
    double[] old = {0, 0, 32, 316, 2.0, 0.02, 10, 50, 0.02, 1e-4, 4096};

    List<GoodputEstimate> read = GoodputEstimate.unpack(old);

    assertThat(read).containsExactly(estimate(0, 316, 1));
    assertThatThrownBy(() -> GoodputEstimate.unpack(new double[] {0, 0, 32}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("packed history length");
  }

  @Test
  void theChosenPointUsesTheFactorTheChoiceWasMadeWith() {
    // B_noise 500; at 632 relative to 32: (2000 + 32) / (2000 + 632) with k = 4, else 532 / 1132.
    assertThat(estimate(0, 632, 4).chosen().efficiency()).isCloseTo(2032.0 / 2632, within(1e-12));
    assertThat(estimate(0, 632, 1).chosen().efficiency()).isCloseTo(532.0 / 1132, within(1e-12));
  }
}
