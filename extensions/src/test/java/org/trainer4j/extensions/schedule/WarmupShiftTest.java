package org.trainer4j.extensions.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmupShiftTest {

  @Test
  void risesLinearlyToTheInitialValueThenHoldsIt() {
    WarmupShift shift = new WarmupShift("lr", 0.0, 4);

    assertThat(shift.valueAt(0, 0.8)).isEqualTo(0.0);
    assertThat(shift.valueAt(1, 0.8)).isEqualTo(0.2);
    assertThat(shift.valueAt(4, 0.8)).isEqualTo(0.8);
    assertThat(shift.valueAt(50, 0.8)).isEqualTo(0.8);
  }
}
