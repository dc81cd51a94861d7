package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmUpTest {

  private static final Budget DEFAULT_FLOOR = Budget.DEFAULT;

  @Test
  void aProcessAlreadyWarmPaysTheSettingsStepsAndTwoChunksThatShowNoGain() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4);
    List<Integer> asked = new ArrayList<>();

    WarmUp.Settled s =
        WarmUp.settle(
            n -> {
              asked.add(n);
              return sim.run(32, n);
            },
            2,
            DEFAULT_FLOOR);

    // 3.2 ms a step: chunks of ceil(0.05 / 0.0032) = 16 steps.
    assertThat(asked).containsExactly(2, 16, 16);
    assertThat(s.steps()).isEqualTo(34);
    assertThat(s.extraSeconds()).isCloseTo(32 * 3.2e-3, within(1e-9));
  }

  @Test
  void aFreshProcessWarmsUpUntilItsStepsStopSpeedingUp() {
    // 3x slower at first, full speed after 0.3 s of steps.
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4).processWarmUp(3, 0.3);

    WarmUp.Settled s = WarmUp.settle(n -> sim.run(32, n), 2, DEFAULT_FLOOR);

    assertThat(sim.ticker.read() / 1e9).isGreaterThan(0.3);
    double next = sim.run(32, 1)[0];
    assertThat(next).isCloseTo(3.2e-3, within(1e-9));
    assertThat(s.extraSeconds()).isLessThan(0.5);
  }

  @Test
  void aPlateauOfOneChunkBetweenTwoJumpsDoesNotEndIt() {
    // The fastest step of each chunk, as a JIT's tiers deliver them: 8 ms, a plateau, then 6 ms.
    double[][] chunks = {{0.010, 0.012}, {0.008}, {0.0079}, {0.006}, {0.0061}, {0.006}, {0.006}};
    int[] next = {0};

    WarmUp.Settled s =
        WarmUp.settle(
            n -> {
              double[] c = chunks[next[0]++];
              return java.util.stream.DoubleStream.generate(() -> c[0]).limit(n).toArray();
            },
            2,
            DEFAULT_FLOOR);

    assertThat(next[0]).isEqualTo(6);
    assertThat(s.steps()).isGreaterThan(2);
  }

  @Test
  void itStopsAtTheBudgetsFloorWhenThatIsShorterThanTheCap() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4).processWarmUp(10, 5);

    WarmUp.Settled s = WarmUp.settle(n -> sim.run(32, n), 2, Budget.DEFAULT.withFloorSeconds(0.1));

    assertThat(s.extraSeconds()).isLessThanOrEqualTo(0.1);
    assertThat(s.extraSeconds()).isGreaterThan(0.05);
  }

  @Test
  void aFixedBudgetWithoutAFloorGetsOnlyTheSettingsSteps() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4).processWarmUp(3, 0.3);

    WarmUp.Settled s =
        WarmUp.settle(n -> sim.run(32, n), 2, Budget.fraction(0.02).withFloorSeconds(0));

    assertThat(s.steps()).isEqualTo(2);
    assertThat(s.extraSeconds()).isZero();
  }

  @Test
  void noWarmUpStepsMeansNoWarmUpAtAll() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4).processWarmUp(3, 0.3);

    WarmUp.Settled s = WarmUp.settle(n -> sim.run(32, n), 0, DEFAULT_FLOOR);

    assertThat(s.steps()).isZero();
    assertThat(sim.sizesRun).isEmpty();
  }

  @Test
  void aSizeThatFailsEndsTheWarmUp() {
    List<Integer> asked = new ArrayList<>();

    WarmUp.Settled s =
        WarmUp.settle(
            n -> {
              asked.add(n);
              return asked.size() == 1 ? new double[] {0.01, 0.009} : new double[0];
            },
            2,
            DEFAULT_FLOOR);

    assertThat(asked).hasSize(2);
    assertThat(s.steps()).isEqualTo(2);
  }

  @Test
  void theFirstMeasurementOfAFreshProcessTimesItsWarmSpeedAndLaterOnesDoNotWarmUpAgain() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4).processWarmUp(3, 0.3);
    Prober prober = new Prober(sim.context(32, 100_000).budget(Budget.DEFAULT).build());

    Measurement first = prober.measure(32, 2, 3, 8);
    Measurement second = prober.measure(64, 2, 3, 8);

    // Without the warm-up, 32 measured 2.6x its real time per example.
    assertThat(first.perExampleSeconds()).isCloseTo(1e-4, within(1e-6));
    assertThat(first.warmupSteps()).isGreaterThan(2);
    assertThat(second.warmupSteps()).isEqualTo(2);
    // The warm-up past the settings' steps does not come out of the search's budget.
    assertThat(prober.budgetSeconds()).isGreaterThan(Budget.DEFAULT.floorSeconds() + 0.2);
  }
}
