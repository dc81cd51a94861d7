package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a search may spend as its probes go: a share of the training planned at the fastest size
 * measured so far and at the probes' pace, plus the seconds kept out of it.
 */
class ProbeBudgetTest {

  private static final int DATASET = 1_000;

  /** 2.5 % of a training of 300 epochs of 1,000 examples, no floor. */
  private static ProbeBudget budget() {
    return new ProbeBudget(
        new SimulatedTraining(b -> 1e-4)
            .context(32, DATASET)
            .plan(PlannedTraining.epochs(300))
            .budget(Budget.fraction(0.025).withFloorSeconds(0))
            .build());
  }

  private static Measurement windows(int batchSize, Double... perExample) {
    return new Measurement(batchSize, List.of(perExample), 10, 2, 0.1, -1, true, "");
  }

  @Test
  void isTheFloorUntilAFeasibleSizeWasMeasured() {
    ProbeBudget b = budget();

    assertThat(b.known()).isFalse();
    assertThat(b.seconds()).isZero();
  }

  @Test
  void plansTheTrainingAtTheMedianOfTheFastestSize() {
    ProbeBudget b = budget();

    b.measured(windows(512, 1.4e-4, 1.0e-4, 1.2e-4));

    // 300 epochs x 1,000 examples x 1.2e-4 s (the median window) = 36 s planned; 2.5 % of it.
    assertThat(b.known()).isTrue();
    assertThat(b.seconds()).isCloseTo(0.9, within(1e-9));
  }

  @Test
  void aFasterSizeShortensThePlanAndWithItTheBudgetASlowerOneDoesNot() {
    ProbeBudget b = budget();
    b.measured(windows(256, 1.2e-4, 1.2e-4, 1.2e-4));

    b.measured(windows(64, 2e-4, 2e-4, 2e-4));
    double afterSlower = b.seconds();
    b.measured(windows(512, 1e-4, 1e-4, 1e-4));

    assertThat(afterSlower).isCloseTo(0.9, within(1e-9));
    assertThat(b.seconds()).isCloseTo(0.75, within(1e-9));
  }

  @Test
  void predictsTheSmallerBudgetASizeFasterThanAnyWouldLeave() {
    ProbeBudget b = budget();
    b.measured(windows(256, 1.2e-4, 1.2e-4, 1.2e-4));

    // 512 predicted at 1e-4 s an example would plan 30 s; a slower prediction changes nothing.
    assertThat(b.secondsIf(512, 512 * 1e-4)).isCloseTo(0.75, within(1e-9));
    assertThat(b.secondsIf(512, 512 * 1.5e-4)).isCloseTo(0.9, within(1e-9));
  }

  @Test
  void theProbesPaceAndTheSecondsKeptOutOfItScaleIt() {
    ProbeBudget b = budget();
    b.measured(windows(512, 1e-4, 1e-4, 1e-4));

    // Probes that waited for a CPU a sixth of their time: the training is planned at that pace.
    b.pace(1.2);
    b.uncount(0.1);
    b.recount(0.04);

    assertThat(b.seconds()).isCloseTo(0.75 * 1.2 + 0.06, within(1e-9));
    assertThat(b.uncountedSeconds()).isCloseTo(0.06, within(1e-9));
  }
}
