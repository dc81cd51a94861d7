package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UtilizationStepRuleTest {

  @Test
  void positiveStepIsTheProportionalDistanceToTheTarget() {
    UtilizationStepRule rule = new UtilizationStepRule(99.0, 1, 100);

    // 50 examples at 45 % reach 99 % at about 110 examples: step ceil(50 * 54 / 45) = 60.
    assertThat(rule.calcPositiveUpdateDiff(50, 45.0)).isEqualTo(60);
  }

  @Test
  void positiveStepIsCappedAtTheLimitWhichStartsAtTheInitialSize() {
    UtilizationStepRule rule = new UtilizationStepRule(99.0, 1, 32);

    assertThat(rule.calcPositiveUpdateDiff(32, 48.0)).isEqualTo(32);
  }

  @Test
  void negativeStepIsProportionalToTheExcessOverTheTarget() {
    UtilizationStepRule rule = new UtilizationStepRule(90.0, 1, 200);

    assertThat(rule.calcNegativeUpdateDiff(200, 100.0)).isEqualTo(-23);
  }

  @Test
  void stepsAreAtLeastTheMinimumStep() {
    UtilizationStepRule rule = new UtilizationStepRule(99.0, 2, 32);

    assertThat(rule.calcNegativeUpdateDiff(66, 99.0)).isEqualTo(-2);
    assertThat(rule.calcPositiveUpdateDiff(66, 98.99)).isEqualTo(2);
  }

  @Test
  void limitHalvesOnEveryDirectionChangeAndNotOtherwise() {
    UtilizationStepRule rule = new UtilizationStepRule(99.0, 1, 32);

    rule.calcPositiveUpdateDiff(32, 10.0);
    assertThat(rule.limit()).isEqualTo(32);
    rule.calcNegativeUpdateDiff(64, 100.0);
    assertThat(rule.limit()).isEqualTo(16);
    rule.calcPositiveUpdateDiff(63, 10.0);
    assertThat(rule.limit()).isEqualTo(8);
    rule.calcPositiveUpdateDiff(71, 10.0);
    assertThat(rule.limit()).isEqualTo(8);
    rule.calcNegativeUpdateDiff(79, 100.0);
    assertThat(rule.limit()).isEqualTo(4);
  }

  @Test
  void limitNeverFallsBelowTheMinimumStep() {
    UtilizationStepRule rule = new UtilizationStepRule(99.0, 1, 2);

    for (int i = 0; i < 6; i++) {
      rule.calcPositiveUpdateDiff(10, 50.0);
      rule.calcNegativeUpdateDiff(10, 100.0);
    }

    assertThat(rule.limit()).isEqualTo(1);
    assertThat(rule.calcPositiveUpdateDiff(10, 50.0)).isEqualTo(1);
  }

  @Test
  void zeroUtilizationGivesTheLargestAllowedStepInsteadOfDividingByZero() {
    UtilizationStepRule rule = new UtilizationStepRule(99.0, 1, 32);

    assertThat(rule.calcPositiveUpdateDiff(32, 0.0)).isEqualTo(32);
  }
}
