package org.trainer4j.extensions.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InverseShiftTest {

  @Test
  void decaysAsAnInversePower() {
    InverseShift shift = new InverseShift("lr", 1, 2);

    assertThat(shift.valueAt(0, 1)).isEqualTo(1.0);
    assertThat(shift.valueAt(1, 1)).isEqualTo(0.25);
    assertThat(new InverseShift("lr", 1, 2, null, 0.5, "main").valueAt(3, 1)).isEqualTo(0.5);
  }
}
