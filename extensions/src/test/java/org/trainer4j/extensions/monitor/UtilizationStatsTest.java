package org.trainer4j.extensions.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UtilizationStatsTest {

  @Test
  void top50MeanAveragesTheUpperHalfOfAnEvenCount() {
    // Iterations at 90-100 % separated by idle data loading at 0-10 %.
    UtilizationStats s = UtilizationStats.of(new double[] {0, 95, 10, 100, 5, 90}, false);

    assertThat(s.count()).isEqualTo(6);
    assertThat(s.mean()).isEqualTo(50.0);
    assertThat(s.top50Mean()).isEqualTo(95.0);
    assertThat(s.min()).isEqualTo(0.0);
    assertThat(s.max()).isEqualTo(100.0);
  }

  @Test
  void top50MeanOfAnOddCountIncludesTheMedian() {
    UtilizationStats s = UtilizationStats.of(new double[] {10, 20, 30, 40, 50}, false);

    assertThat(s.top50Mean()).isEqualTo(40.0);
    assertThat(s.p50()).isEqualTo(30.0);
  }

  @Test
  void aSingleSampleIsItsOwnTopHalfWithZeroSpread() {
    UtilizationStats s = UtilizationStats.of(new double[] {42}, false);

    assertThat(s.top50Mean()).isEqualTo(42.0);
    assertThat(s.stddev()).isZero();
    assertThat(s.p99()).isEqualTo(42.0);
    assertThat(s.hasSamples()).isTrue();
  }

  @Test
  void stddevIsTheSampleStandardDeviationAndPercentilesInterpolate() {
    UtilizationStats s =
        UtilizationStats.of(new double[] {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, false);

    assertThat(s.stddev()).isCloseTo(33.1662, within(1e-4));
    assertThat(s.p90()).isCloseTo(90.0, within(1e-9));
    assertThat(s.p99()).isCloseTo(99.0, within(1e-9));
  }

  @Test
  void noSamplesGiveNaNFiguresAndKeepTheDeviceLostFlag() {
    UtilizationStats s = UtilizationStats.of(new double[0], true);

    assertThat(s.count()).isZero();
    assertThat(s.hasSamples()).isFalse();
    assertThat(s.mean()).isNaN();
    assertThat(s.top50Mean()).isNaN();
    assertThat(s.deviceLost()).isTrue();
  }

  @Test
  void doesNotReorderTheCallersArray() {
    double[] samples = {3, 1, 2};

    UtilizationStats.of(samples, false);

    assertThat(samples).containsExactly(3, 1, 2);
  }
}
