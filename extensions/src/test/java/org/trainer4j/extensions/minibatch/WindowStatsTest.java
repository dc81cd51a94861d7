package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class WindowStatsTest {

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(WindowStats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(WindowStats.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
    assertThat(WindowStats.median(List.of())).isNaN();
  }

  @Test
  void relativeSpreadIsTheScaledMedianAbsoluteDeviationOverTheMedian() {
    // median 10, deviations 1, 0, 5 -> MAD 1 -> 1.4826 / 10.
    assertThat(WindowStats.relativeSpread(List.of(9.0, 10.0, 15.0)))
        .isCloseTo(0.14826, within(1e-12));
  }

  @Test
  void oneOutlierWindowBarelyMovesMedianOrSpread() {
    assertThat(WindowStats.median(List.of(1.0, 1.0, 50.0))).isEqualTo(1.0);
    assertThat(WindowStats.relativeSpread(List.of(1.0, 1.0, 50.0))).isZero();
  }

  @Test
  void spreadOfOneValueIsUnknown() {
    assertThat(WindowStats.relativeSpread(List.of(1.0))).isNaN();
  }
}
