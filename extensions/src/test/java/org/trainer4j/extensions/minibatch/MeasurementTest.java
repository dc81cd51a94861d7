package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeasurementTest {

  private static Measurement windows(Double... perExample) {
    return new Measurement(64, List.of(perExample), 12, 2, 1.0, -1, true, "");
  }

  @Test
  void aSizesTimeIsTheMedianWindowSoOnePausedWindowDoesNotMoveIt() {
    Measurement m = windows(1e-4, 1e-4, 1.1e-4, 1e-4, 9e-4); // one window hit by a pause

    assertThat(m.perExampleSeconds()).isEqualTo(1e-4);
    assertThat(m.stepSeconds()).isCloseTo(64e-4, within(1e-15));
    assertThat(m.epochSeconds(1000)).isCloseTo(0.1, within(1e-12));
  }

  @Test
  void pooledMeasurementsKeepAllWindowsAndAddTheirCosts() {
    Measurement pooled = windows(1e-4, 2e-4).pooledWith(windows(3e-4));

    assertThat(pooled.windows()).containsExactly(1e-4, 2e-4, 3e-4);
    assertThat(pooled.perExampleSeconds()).isEqualTo(2e-4);
    assertThat(pooled.steps()).isEqualTo(24);
    assertThat(pooled.seconds()).isEqualTo(2.0);
  }

  @Test
  void anInfeasibleSizeIsInfinitelySlow() {
    Measurement m = Measurement.infeasible(512, 1, 0.3, "out of memory");

    assertThat(m.feasible()).isFalse();
    assertThat(m.perExampleSeconds()).isInfinite();
  }
}
