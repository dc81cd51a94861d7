package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The wall-clock pace of the probes: step seconds and the waits left out of them. */
class ProbePaceTest {

  @Test
  void beforeAnyStepTheProbesRunAtWallClockPace() {
    assertThat(ProbePace.NONE.wallPerStepSecond()).isEqualTo(1.0);
  }

  @Test
  void waitsAddToTheWallClockTimeOfTheSteps() {
    ProbePace pace = ProbePace.NONE.plus(2.0, 1.0).plus(2.0, 0.0);

    assertThat(pace.wallPerStepSecond()).isCloseTo(1.25, within(1e-12));
  }

  @Test
  void thePaceSinceAnEarlierTotalCountsOnlyWhatCameAfter() {
    ProbePace earlier = ProbePace.NONE.plus(4.0, 0.0);
    ProbePace now = earlier.plus(1.0, 1.0);

    assertThat(now.since(earlier).wallPerStepSecond()).isCloseTo(2.0, within(1e-12));
    assertThat(now.wallPerStepSecond()).isCloseTo(1.2, within(1e-12));
  }

  @Test
  void aCounterThatWentBackIsNoNegativeWait() {
    assertThat(ProbePace.NONE.plus(1.0, -0.5).wallPerStepSecond()).isEqualTo(1.0);
  }
}
