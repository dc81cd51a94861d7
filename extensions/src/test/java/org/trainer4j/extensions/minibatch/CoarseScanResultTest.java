package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which size a coarse scan leaves when nothing more can be measured. */
class CoarseScanResultTest {

  /** A size timed at {@code perExample} seconds per example in each of three windows. */
  private static Measurement timed(int batchSize, double perExample) {
    return new Measurement(
        batchSize,
        List.of(perExample, perExample, perExample),
        5,
        2,
        5 * perExample * batchSize,
        0,
        true,
        "");
  }

  private final Measurement best = timed(256, 1e-3);
  private final Measurement fasterWithinTheMargin = timed(512, 0.99e-3);
  private final Measurement slower = timed(1024, 1.05e-3);

  @Test
  void withoutAFailureTheBestStays() {
    assertThat(new CoarseScan.Result(best, 4, null, Double.NaN).likelierBest()).isSameAs(best);
  }

  @Test
  void aFailureMeasuredFasterThanTheBestWithinTheMarginIsTheBetterBet() {
    assertThat(new CoarseScan.Result(best, 4, fasterWithinTheMargin, Double.NaN).likelierBest())
        .isSameAs(fasterWithinTheMargin);
    assertThat(new CoarseScan.Result(best, 4, slower, Double.NaN).likelierBest()).isSameAs(best);
  }

  @Test
  void theFastestWindowsDecideNotTheMediansOfWindowsCaughtInASlowStretch() {
    // 512 ran two of its three windows in a stretch 30 % slower: its median says 1.3e-3, its
    // fastest window 0.9e-3, faster than anything timed at 256.
    Measurement slowedTwice =
        new Measurement(512, List.of(0.9e-3, 1.3e-3, 1.3e-3), 5, 2, 0.5, 0, true, "");
    assertThat(new CoarseScan.Result(best, 4, slowedTwice, Double.NaN).likelierBest())
        .isSameAs(slowedTwice);
    // And the other way: the best's fastest window beats a failure whose median looked faster.
    Measurement once =
        new Measurement(512, List.of(0.95e-3, 0.95e-3, 0.96e-3), 5, 2, 0.5, 0, true, "");
    Measurement bestWithAFastWindow =
        new Measurement(256, List.of(0.9e-3, 1.2e-3, 1.2e-3), 5, 2, 0.5, 0, true, "");
    assertThat(new CoarseScan.Result(bestWithAFastWindow, 4, once, Double.NaN).likelierBest())
        .isSameAs(bestWithAFastWindow);
  }

  @Test
  void aPairedComparisonOutranksTheScansNumbers() {
    // The scan timed 512 faster, but timed back to back with the best (one load) it was slower.
    assertThat(new CoarseScan.Result(best, 4, fasterWithinTheMargin, 1.01).likelierBest())
        .isSameAs(best);
    assertThat(new CoarseScan.Result(best, 4, slower, 0.98).likelierBest()).isSameAs(slower);
  }
}
