package org.trainer4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.trainer4j.testing.TestModels;

class DelayedDatasetTest {

  private final ArrayDataset base = TestModels.data(10, 3, 2, 1);

  @Test
  void servesTheBaseBatchesAndSaysItIsSlowedDown() {
    DelayedDataset slow = DelayedDataset.of(base, Duration.ofMillis(1));

    assertThat(slow.get(new int[] {4, 2}).features())
        .isEqualTo(base.get(new int[] {4, 2}).features());
    assertThat(slow.size()).isEqualTo(10);
    assertThat(slow.describe()).endsWith("with 1.00 ms simulated decode per example");
  }

  @Test
  void interruptEndsTheDelayAndKeepsTheInterruptFlag() {
    DelayedDataset slow = DelayedDataset.of(base, Duration.ofHours(1));

    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> slow.get(new int[] {0}))
          .isInstanceOf(CancellationException.class)
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void rejectsANegativeDelay() {
    assertThatThrownBy(() -> DelayedDataset.of(base, Duration.ofMillis(-1)))
        .hasMessageContaining("must not be negative");
  }

  @Test
  void refusesADelayTooLongToCountInNanosecondsNamingIt() {
    assertThatThrownBy(() -> DelayedDataset.of(base, Duration.ofDays(365L * 300)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("perExample must be at most");
  }

  @Test
  void aBatchOfVeryLongDelaysSleepsRatherThanOverflowingToNoDelay() {
    DelayedDataset slow = DelayedDataset.of(base, Duration.ofDays(365L * 200));

    // An interrupted sleep proves the thread slept: a wrapped, negative delay returns at once.
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> slow.get(new int[] {0, 1}))
          .isInstanceOf(CancellationException.class);
    } finally {
      Thread.interrupted();
    }
  }
}
