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
  void anExhaustedBudgetLeavesNothingExtendedOrNotWhateverTheTraining() {
    Budget b = Budget.unlimited().exhausted();

    assertThat(b.secondsFor(1000)).isZero();
    assertThat(b.secondsFor(Double.NaN)).isZero();
    assertThat(b.extendedSecondsFor(1e9)).isZero();
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
  void aSearchSharingWhatIsLeftWithLaterOnesMayTakeOneEqualShare() {
    Budget b = new Budget(0.025, 0.5, 60).afterSpending(15);

    assertThat(b.sharedBy(3).secondsFor(10_000)).isEqualTo(15.0); // (60 - 15) / 3
    assertThat(b.sharedBy(3).extendedSecondsFor(10_000)).isEqualTo(15.0);
    assertThat(b.sharedBy(3).afterSpending(15).sharedBy(2).secondsFor(10_000)).isEqualTo(15.0);
    assertThat(b.sharedBy(1).secondsFor(10_000)).isEqualTo(45.0);
    assertThat(new Budget(0.025, 0.5, 60).sharedBy(2).extendedSecondsFor(1000)).isEqualTo(25.0);
  }

  @Test
  void refusesFewerThanOneShare() {
    assertThatThrownBy(() -> Budget.DEFAULT.sharedBy(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shares must be at least 1: 0");
  }

  @Test
  void refusesNegativeSpending() {
    assertThatThrownBy(() -> Budget.DEFAULT.afterSpending(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seconds must not be negative: -1.0");
  }

  @Test
  void badSecondsAreNamedAsTheCallerPassedThem() {
    assertThatThrownBy(() -> Budget.fixedSeconds(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seconds must be positive: -1.0");
    assertThatThrownBy(() -> Budget.fixedSeconds(Double.NaN))
        .hasMessageContaining("seconds must be positive: NaN");
    // It used to name the floor, which the cap is copied into first.
    assertThatThrownBy(() -> Budget.DEFAULT.withCapSeconds(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capSeconds must be positive: -1.0");
  }

  @Test
  void aPlannedTrainingMustBeFiniteAndNamesItsEpochs() {
    assertThatThrownBy(() -> PlannedTraining.epochs(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epochs must be finite");
  }

  @Test
  void searchSettingsNameTheBoundTheCallerSet() {
    assertThatThrownBy(() -> SearchSettings.defaults().withMaxBatchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBatchSize must be positive: 0");
    assertThatThrownBy(
            () -> MinibatchSizeOptimizer.builder(ThroughputMaximize.create()).maxBatchSize(-5))
        .hasMessageContaining("maxBatchSize must be positive: -5");
    assertThatThrownBy(() -> SearchSettings.defaults().withMinBatchSize(0))
        .hasMessageContaining("minBatchSize must be positive: 0");
  }
}
