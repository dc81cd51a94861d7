package org.trainer4j.extensions.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LinearShiftTest {

  @Test
  void holdsThenInterpolatesThenHolds() {
    LinearShift shift = new LinearShift("lr", 1.0, 0.0, 2, 6);

    assertThat(shift.valueAt(0, 9)).isEqualTo(1.0);
    assertThat(shift.valueAt(2, 9)).isEqualTo(1.0);
    assertThat(shift.valueAt(4, 9)).isEqualTo(0.5);
    assertThat(shift.valueAt(6, 9)).isEqualTo(0.0);
    assertThat(shift.valueAt(100, 9)).isEqualTo(0.0);
  }

  @Test
  void refusesNonFiniteEndpointsNamingThem() {
    assertThatThrownBy(() -> new LinearShift("lr", 0.1, Double.NaN, 5, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("to must be finite: NaN");
    assertThatThrownBy(() -> new LinearShift("lr", Double.NaN, 0.1, 5, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("from must be finite: NaN");
  }
}
