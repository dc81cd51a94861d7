package org.trainer4j.extensions.schedule;

import static org.assertj.core.api.Assertions.assertThat;

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
}
