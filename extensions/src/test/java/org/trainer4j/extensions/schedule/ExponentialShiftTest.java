package org.trainer4j.extensions.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExponentialShiftTest {

  @Test
  void multipliesByTheRateUntilTheTarget() {
    ExponentialShift shift = new ExponentialShift("lr", 0.5, null, 0.2, "main");

    assertThat(shift.valueAt(0, 1.0)).isEqualTo(1.0);
    assertThat(shift.valueAt(2, 1.0)).isEqualTo(0.25);
    assertThat(shift.valueAt(3, 1.0)).isEqualTo(0.2);
  }

  @Test
  void aGrowingRateStopsAtTheTargetFromBelow() {
    assertThat(new ExponentialShift("lr", 2, null, 3.0, "main").valueAt(5, 1.0)).isEqualTo(3.0);
  }

  @Test
  void theTargetAppliesFromTheFirstCallNotToTheInitialValueAsChainers() {
    ExponentialShift shift = new ExponentialShift("lr", 0.5, null, 2.0, "main");

    assertThat(shift.valueAt(0, 1.0)).isEqualTo(1.0);
    assertThat(shift.valueAt(1, 1.0)).isEqualTo(2.0);
  }
}
