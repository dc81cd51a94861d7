package org.trainer4j.extensions.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StepShiftTest {

  @Test
  void dropsByGammaEveryStep() {
    StepShift shift = new StepShift("lr", 0.5, 3);

    assertThat(shift.valueAt(2, 8)).isEqualTo(8.0);
    assertThat(shift.valueAt(3, 8)).isEqualTo(4.0);
    assertThat(shift.valueAt(7, 8)).isEqualTo(2.0);
  }

  @Test
  void stopsAtTheTarget() {
    assertThat(new StepShift("lr", 0.5, 1, null, 3.0, "main").valueAt(5, 8)).isEqualTo(3.0);
  }

  @Test
  void refusesAnInfiniteGamma() {
    assertThatThrownBy(() -> new StepShift("lr", Double.POSITIVE_INFINITY, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gamma must be positive and finite: Infinity");
  }

  @Test
  void refusesANonFiniteTarget() {
    assertThatThrownBy(() -> new StepShift("lr", 2, 5, null, Double.POSITIVE_INFINITY, "main"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("target must be finite: Infinity");
  }
}
