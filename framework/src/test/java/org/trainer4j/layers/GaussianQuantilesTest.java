package org.trainer4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GaussianQuantilesTest {

  @Test
  void inverseCdfMatchesTabulatedNormalQuantiles() {
    assertThat(GaussianQuantiles.inverseCdf(0.5)).isCloseTo(0.0, within(1e-12));
    assertThat(GaussianQuantiles.inverseCdf(0.975)).isCloseTo(1.959963984540054, within(1e-8));
    assertThat(GaussianQuantiles.inverseCdf(0.841344746068543)).isCloseTo(1.0, within(1e-8));
    assertThat(GaussianQuantiles.inverseCdf(0.001)).isCloseTo(-3.090232306167813, within(1e-8));
  }

  @Test
  void quantilesAreSymmetricSortedAndNearlyStandard() {
    double[] u = GaussianQuantiles.of(256);

    for (int i = 0; i < u.length; i++) {
      assertThat(u[i]).isCloseTo(-u[u.length - 1 - i], within(1e-9));
    }
    assertThat(u).isSorted();
    double mean = Arrays.stream(u).average().orElseThrow();
    double var = Arrays.stream(u).map(x -> x * x).average().orElseThrow();
    assertThat(mean).isCloseTo(0.0, within(1e-9));
    assertThat(var).isCloseTo(1.0, within(0.02));
  }
}
