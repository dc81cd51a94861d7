package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class WarmUpTest {

  private static final Budget DEFAULT_FLOOR = Budget.DEFAULT;

  /** {@link WarmUp#settle} with no bound on one step. */
  private static WarmUp.Settled settle(IntFunction<double[]> steps, int warmup, Budget budget) {
    return WarmUp.settle(steps, warmup, budget, step -> true);
  }

  /** The warm-up of size 32 on {@code sim} with the default floor, each chunk's steps in asked. */
  private static WarmUp.Settled settleAt32(SimulatedTraining sim, List<Integer> asked) {
    return settle(
        n -> {
          asked.add(n);
          return sim.run(32, n);
        },
        2,
        DEFAULT_FLOOR);
  }

  @Test
  void aProcessAlreadyWarmPaysTheSettingsStepsAndTwoChunksThatShowNoGain() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4);
    List<Integer> asked = new ArrayList<>();

    WarmUp.Settled s = settleAt32(sim, asked);

    // 3.2 ms a step: chunks of ceil(0.05 / 0.0032) = 16 steps; the settings' two steps count too.
    assertThat(asked).containsExactly(2, 16, 16);
    assertThat(s.steps()).isEqualTo(34);
    assertThat(s.seconds()).isCloseTo(34 * 3.2e-3, within(1e-9));
  }

  @Test
  void aFreshProcessWarmsUpUntilItsStepsStopSpeedingUp() {
    // 3x slower at first, full speed after 0.3 s of steps.
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4).processWarmUp(3, 0.3);

    WarmUp.Settled s = settle(n -> sim.run(32, n), 2, DEFAULT_FLOOR);

    assertThat(sim.ticker.read() / 1e9).isGreaterThan(0.3);
    double next = sim.run(32, 1)[0];
    assertThat(next).isCloseTo(3.2e-3, within(1e-9));
    assertThat(s.seconds()).isLessThan(0.5);
  }

  @Test
  void aPlateauOfOneChunkBetweenTwoJumpsDoesNotEndIt() {
    // The fastest step of each chunk, as a JIT's tiers deliver them: 8 ms, a plateau, then 6 ms.
    double[][] chunks = {{0.010, 0.012}, {0.008}, {0.0079}, {0.006}, {0.0061}, {0.006}, {0.006}};
    int[] next = {0};

    WarmUp.Settled s =
        settle(
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

    List<double[]> ran = new ArrayList<>();
    WarmUp.Settled s =
        settle(
            n -> {
              ran.add(sim.run(32, n));
              return ran.get(ran.size() - 1);
            },
            2,
            Budget.DEFAULT.withFloorSeconds(0.1));

    double settingsSteps = ran.get(0)[0] + ran.get(0)[1];
    double chunks = s.seconds() - settingsSteps;
    // Past the cap by one step at most, the steps getting faster all along.
    assertThat(chunks).isGreaterThan(0.05);
    assertThat(chunks).isLessThanOrEqualTo(0.1 + ran.get(0)[1]);
    assertThat(s.seconds()).isCloseTo(sim.ticker.read() / 1e9, within(1e-9));
  }

  @Test
  void aFixedBudgetWithoutAFloorGetsOnlyTheSettingsSteps() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4).processWarmUp(3, 0.3);

    WarmUp.Settled s = settle(n -> sim.run(32, n), 2, Budget.fraction(0.02).withFloorSeconds(0));

    assertThat(s.steps()).isEqualTo(2);
    assertThat(s.seconds()).isZero();
  }

  @Test
  void stepsSlowerThanTheCapStillWarmUpOneStepAtATimeUntilTheyAreFast() {
    // A process stalled for its first 1.2 s: 0.4 s a step, then 3.2 ms. A chunk of two such
    // steps would pass the 0.5 s cap, which once ended the warm-up before any fast step.
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4).stall(1.2, 125);
    List<Integer> asked = new ArrayList<>();

    WarmUp.Settled s = settleAt32(sim, asked);

    assertThat(asked.subList(0, 3)).containsExactly(2, 1, 1);
    assertThat(sim.run(32, 1)[0]).isCloseTo(3.2e-3, within(1e-9));
    assertThat(s.steps()).isGreaterThan(4);
    assertThat(s.seconds()).isCloseTo(sim.ticker.read() / 1e9 - 3.2e-3, within(1e-9));
  }

  @Test
  void noWarmUpStepsMeansNoWarmUpAtAll() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4).processWarmUp(3, 0.3);

    WarmUp.Settled s = settle(n -> sim.run(32, n), 0, DEFAULT_FLOOR);

    assertThat(s.steps()).isZero();
    assertThat(sim.sizesRun).isEmpty();
  }

  @Test
  void aSizeThatFailsEndsTheWarmUp() {
    List<Integer> asked = new ArrayList<>();

    WarmUp.Settled s =
        settle(
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
    // The warm-up does not come out of the search's budget.
    assertThat(prober.budgetSeconds()).isGreaterThan(Budget.DEFAULT.floorSeconds() + 0.2);
  }

  @Test
  void theSettingsStepsOfAStalledFirstMeasurementDoNotComeOutOfTheBudgetEither() {
    // Its first two steps take 0.6 s each (as a long-lived JVM's first steps of a new model copy
    // took 1.2 s for three), then 3.2 ms.
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4).stall(1.1, 187.5);
    Prober prober = new Prober(sim.context(32, 100_000).budget(Budget.DEFAULT).build());

    Measurement first = prober.measure(32, 2, 3, 8);

    assertThat(first.perExampleSeconds()).isCloseTo(1e-4, within(1e-9));
    double timed = 3 * 8 * 3.2e-3;
    assertThat(prober.elapsedSeconds()).isGreaterThan(1.2);
    assertThat(prober.budgetSeconds() - prober.elapsedSeconds())
        .isCloseTo(Budget.DEFAULT.floorSeconds() - timed, within(1e-9));
  }

  @Test
  void aStepTheSearchCannotAffordEndsItAfterTheSettingsStepsWithNothingGivenBack() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4).processWarmUp(3, 0.3);
    List<Integer> asked = new ArrayList<>();
    List<Double> offered = new ArrayList<>();

    WarmUp.Settled s =
        WarmUp.settle(
            n -> {
              asked.add(n);
              return sim.run(32, n);
            },
            2,
            DEFAULT_FLOOR,
            step -> {
              offered.add(step);
              return false;
            });

    assertThat(asked).containsExactly(2);
    assertThat(s.affordable()).isFalse();
    assertThat(s.steps()).isEqualTo(2);
    // The fastest of the two is what is judged, and the steps' whole cost is reported as spent.
    assertThat(offered).containsExactly(s.fastestStepSeconds());
    assertThat(s.seconds()).isCloseTo(sim.ticker.read() / 1e9, within(1e-9));
  }
}
