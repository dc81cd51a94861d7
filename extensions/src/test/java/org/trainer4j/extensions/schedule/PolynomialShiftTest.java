package org.trainer4j.extensions.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PolynomialShiftTest {

  @Test
  void decaysToZeroAtMaxCountAndStaysThere() {
    PolynomialShift shift = new PolynomialShift("lr", 2, 4);

    assertThat(shift.valueAt(0, 1)).isEqualTo(1.0);
    assertThat(shift.valueAt(2, 1)).isEqualTo(0.25);
    assertThat(shift.valueAt(4, 1)).isEqualTo(0.0);
    assertThat(shift.valueAt(9, 1)).isEqualTo(0.0);
  }

  @Test
  void staysAboveTheTarget() {
    assertThat(new PolynomialShift("lr", 1, 4, null, 0.1, "main").valueAt(4, 1)).isEqualTo(0.1);
  }

  @Test
  void aNegativeRateGrowsUntilTheCallBeforeMaxCountThenHolds() {
    PolynomialShift shift = new PolynomialShift("lr", -0.5, 10);

    assertThat(shift.valueAt(9, 1)).isEqualTo(Math.sqrt(10));
    assertThat(shift.valueAt(10, 1)).isEqualTo(Math.sqrt(10));
    assertThat(shift.valueAt(99, 1)).isEqualTo(Math.sqrt(10));
    assertThat(shift.valueAt(10, 0)).isEqualTo(0.0);
  }

  @Test
  void refusesANegativeRateWhoseGrowthOverflows() {
    assertThatThrownBy(() -> new PolynomialShift("lr", -400, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate -400.0")
        .hasMessageContaining("maxCount^-rate");
  }

  @Test
  void refusesANonFiniteTarget() {
    assertThatThrownBy(() -> new PolynomialShift("lr", 1, 4, null, Double.NaN, "main"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("target must be finite: NaN");
  }
}
