package org.trainer4j.extensions.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MultistepShiftTest {

  @Test
  void dropsAtEachGivenStep() {
    MultistepShift shift = new MultistepShift("lr", 0.1, 10, 5);

    assertThat(shift.valueAt(4, 1)).isEqualTo(1.0);
    assertThat(shift.valueAt(5, 1)).isEqualTo(0.1);
    assertThat(shift.valueAt(10, 1)).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-15));
  }

  @Test
  void refusesAnInfiniteGamma() {
    assertThatThrownBy(() -> new MultistepShift("lr", Double.POSITIVE_INFINITY, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gamma must be positive and finite: Infinity");
  }
}
