package org.trainer4j.layers.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelMomentsTest {

  @Test
  void combinedShardsGiveTheMomentsOfTheConcatenatedData() {
    double[] a = {1e6 + 1, 1e6 + 2, 1e6 + 4};
    double[] b = {1e6 + 8, 1e6 + 16};

    ChannelMoments m = ChannelMoments.combine(List.of(part(a), part(b)), 1);

    double[] all = {1e6 + 1, 1e6 + 2, 1e6 + 4, 1e6 + 8, 1e6 + 16};
    assertThat(m.count()).isEqualTo(5);
    assertThat(m.mean()[0]).isCloseTo(mean(all), within(1e-9));
    assertThat(m.variance()[0]).isCloseTo(variance(all), within(1e-9));
  }

  @Test
  void emptyShardsAreIgnored() {
    double[] a = {3, 5};

    ChannelMoments m = ChannelMoments.combine(List.of(new double[] {0, 0, 0}, part(a)), 1);

    assertThat(m.count()).isEqualTo(2);
    assertThat(m.mean()[0]).isEqualTo(4);
    assertThat(m.variance()[0]).isEqualTo(1);
  }

  private static double[] part(double[] x) {
    return new double[] {x.length, mean(x), variance(x) * x.length};
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  private static double variance(double[] x) {
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return s / x.length;
  }
}
