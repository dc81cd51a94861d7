package org.trainer4j.samples.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MedianIntervalTest {

  @Test
  void threeRoundsGiveTheirRangeAndSayItCoversOnlyThreeQuarters() {
    MedianInterval i = MedianInterval.of(List.of(1.2, 0.9, 1.0));

    assertThat(i.median()).isEqualTo(1.0);
    assertThat(i.low()).isEqualTo(0.9);
    assertThat(i.high()).isEqualTo(1.2);
    assertThat(i.coverage()).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void nineRoundsDropTheMostExtremeRoundAtEachEndAndStillCover96Percent() {
    // One disturbed round (1.5) no longer sets the upper end, as it does in a min-max range.
    MedianInterval i =
        MedianInterval.of(List.of(1.01, 0.99, 1.5, 1.02, 1.00, 0.98, 1.03, 0.97, 1.04));

    assertThat(i.median()).isEqualTo(1.01);
    assertThat(i.low()).isEqualTo(0.98);
    assertThat(i.high()).isEqualTo(1.04);
    assertThat(i.coverage()).isCloseTo(1 - 2 * 10.0 / 512, within(1e-12));
  }

  @Test
  void theCoverageIsTheBinomialChanceThatTheOrderStatisticsHoldTheMedian() {
    assertThat(MedianInterval.coverage(6, 1)).isCloseTo(1 - 2.0 / 64, within(1e-12));
    assertThat(MedianInterval.coverage(9, 3)).isCloseTo(1 - 2 * 46.0 / 512, within(1e-12));
    // Twelve rounds may drop two at each end: [x(3), x(10)] covers 96.1 %, [x(4), x(9)] 85.4 %.
    MedianInterval i = MedianInterval.of(ramp(12));
    assertThat(i.low()).isEqualTo(3.0);
    assertThat(i.high()).isEqualTo(10.0);
    assertThat(i.coverage()).isGreaterThanOrEqualTo(MedianInterval.CONFIDENCE);
  }

  @Test
  void overManySamplesTheIntervalHoldsTheTrueMedianAtLeastAsOftenAsItClaims() {
    Random random = new Random(7);
    int held = 0;
    int trials = 4_000;
    double claimed = 0;
    for (int t = 0; t < trials; t++) {
      List<Double> values = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        values.add(Math.exp(random.nextGaussian())); // skewed noise, true median 1
      }
      MedianInterval i = MedianInterval.of(values);
      claimed = i.coverage();
      held += i.contains(1.0) ? 1 : 0;
    }
    assertThat((double) held / trials).isCloseTo(claimed, within(0.015));
  }

  @Test
  void anEmptySampleIsRefused() {
    assertThatThrownBy(() -> MedianInterval.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no values");
  }

  @Test
  void aNaNIsRefusedNamingItsPlaceRatherThanMadeATieNobodyCanSee() {
    // Taken in, the median and the upper end were NaN, and contains(1.0) false: "not a tie".
    assertThatThrownBy(() -> MedianInterval.of(List.of(1.0, Double.NaN, 2.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN at index 1");
  }

  @Test
  void infiniteValuesAreOrderedAsTheyCompare() {
    MedianInterval m = MedianInterval.of(List.of(Double.POSITIVE_INFINITY, 0.5, 2.0));

    assertThat(m.median()).isEqualTo(2.0);
    assertThat(m.low()).isEqualTo(0.5);
    assertThat(m.high()).isInfinite();
  }

  private static List<Double> ramp(int n) {
    List<Double> values = new ArrayList<>();
    for (int i = n; i >= 1; i--) {
      values.add((double) i);
    }
    return values;
  }
}
