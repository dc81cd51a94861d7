package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BudgetTest {

  @Test
  void isAShareOfThePlannedTrainingBetweenItsFloorAndCap() {
    Budget b = new Budget(0.025, 0.5, 60);

    assertThat(b.secondsFor(1000)).isEqualTo(25.0);
    assertThat(b.secondsFor(10)).isEqualTo(0.5);
    assertThat(b.secondsFor(1e6)).isEqualTo(60.0);
    assertThat(b.secondsFor(Double.NaN)).isEqualTo(0.5);
  }

  @Test
  void whatEarlierSearchesSpentIsNoLongerThere() {
    Budget b = new Budget(0.025, 0.5, 60).afterSpending(10).afterSpending(5);

    assertThat(b.secondsFor(1000)).isEqualTo(10.0);
    assertThat(b.secondsFor(10)).isEqualTo(0.0);
    assertThat(b.withCapSeconds(20).secondsFor(1000)).isEqualTo(5.0);
  }

  @Test
  void anExtendedSearchMayTakeTwiceTheWholeBudgetNeverPastTheCapLessWhatWasSpent() {
    Budget b = new Budget(0.025, 0.5, 60);

    assertThat(b.extendedSecondsFor(1000)).isEqualTo(50.0);
    assertThat(b.extendedSecondsFor(10)).isEqualTo(1.0);
    assertThat(b.extendedSecondsFor(2000)).isEqualTo(60.0);
    assertThat(b.afterSpending(30).extendedSecondsFor(1000)).isEqualTo(20.0);
    assertThat(Budget.fixedSeconds(2).extendedSecondsFor(1000)).isEqualTo(2.0);
  }

  @Test
  void refusesNegativeSpending() {
    assertThatThrownBy(() -> Budget.DEFAULT.afterSpending(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seconds must not be negative: -1.0");
  }
}
