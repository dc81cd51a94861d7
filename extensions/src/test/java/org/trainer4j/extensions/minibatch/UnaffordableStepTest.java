package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A search whose start size takes longer for one step than the search may spend ends there, keeping
 * that size, whatever the strategy: after the settings' two warm-up steps, or after the first step
 * for the paper's strategies, which time their first size without a warm-up.
 */
class UnaffordableStepTest {

  /** Two seconds a step at 32, one more second per 32 examples: every size is slow. */
  private static SimulatedTraining twoSecondSteps() {
    return new SimulatedTraining(b -> 1.0 / b + 1.0 / 32);
  }

  /** A search by {@code strategy} from 32 on {@code sim} under {@code budget}. */
  private static SearchResult search(
      Function<SimulatedTraining, MinibatchSizeStrategy> strategy,
      SimulatedTraining sim,
      int dataset,
      Budget budget) {
    return strategy
        .apply(sim)
        .apply(
            sim.context(32, dataset).maxBatchSize(Math.min(1024, dataset)).budget(budget).build());
  }

  static Stream<Arguments> strategies() {
    return Stream.of(
        Arguments.of(
            "ThroughputMaximize",
            2,
            (Function<SimulatedTraining, MinibatchSizeStrategy>)
                sim -> ThroughputMaximize.create()),
        Arguments.of(
            "EpochTimeMinimize",
            1,
            (Function<SimulatedTraining, MinibatchSizeStrategy>) sim -> EpochTimeMinimize.create()),
        Arguments.of(
            "GpuUsageMaximize",
            1,
            (Function<SimulatedTraining, MinibatchSizeStrategy>)
                sim ->
                    GpuUsageMaximize.builder(sim)
                        .recorder(new ClockedRecorder(sim, sim.ticker, 1.0))
                        .build()),
        Arguments.of(
            "GoodputMaximize",
            2,
            (Function<SimulatedTraining, MinibatchSizeStrategy>)
                sim -> GoodputMaximize.create().withNoiseSource(new SimulatedNoise(1, 500, 0, 1))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategies")
  void aStepLongerThanTheWholeBudgetEndsTheSearchAfterTheWarmUpSteps(
      String name, int stepsRun, Function<SimulatedTraining, MinibatchSizeStrategy> strategy) {
    SimulatedTraining sim = twoSecondSteps();

    SearchResult r = search(strategy, sim, 1_000_000, Budget.fixedSeconds(1.5));

    assertThat(r.chosenBatchSize()).isEqualTo(32);
    assertThat(r.stopReason()).isEqualTo(StopReason.BUDGET);
    assertThat(r.detail()).contains("one step at 32 took 2.00 s").contains("(1.50 s)");
    assertThat(sim.ticker.read() / 1e9).isCloseTo(2.0 * stepsRun, within(1e-6));
    assertThat(r.steps()).hasSize(1);
    assertThat(r.steps().get(0).phase()).isEqualTo("warm-up");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategies")
  void aStepWithinTheBudgetIsMeasuredAsBefore(
      String name, int stepsRun, Function<SimulatedTraining, MinibatchSizeStrategy> strategy) {
    SimulatedTraining sim = twoSecondSteps();

    SearchResult r = search(strategy, sim, 1_000_000, Budget.fixedSeconds(2.5));

    assertThat(r.detail()).doesNotContain("one step at");
    assertThat(sim.ticker.read() / 1e9).isGreaterThan(4.5);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategies")
  void theBudgetComparedIsTheShareOfTheTrainingPlannedAtThatStep(
      String name, int stepsRun, Function<SimulatedTraining, MinibatchSizeStrategy> strategy) {
    // 2.5 % of one epoch of 1,000,000 examples at 2 s per 32 is about 1,560 s: worth measuring,
    // although the budget's floor (0.5 s), all it is before a measurement, is a quarter of a step.
    SimulatedTraining longPlan = twoSecondSteps();
    SearchResult measured =
        search(strategy, longPlan, 1_000_000, Budget.DEFAULT.withCapSeconds(60));
    // Two steps of training: 2.5 % of it is 0.1 s, so the floor is the budget.
    SimulatedTraining shortPlan = twoSecondSteps();
    SearchResult ended = search(strategy, shortPlan, 64, Budget.DEFAULT);

    assertThat(measured.detail()).doesNotContain("one step at");
    assertThat(longPlan.ticker.read() / 1e9).isGreaterThan(4.5);
    assertThat(ended.detail()).contains("one step at 32 took 2.00 s").contains("(0.500 s)");
    assertThat(shortPlan.ticker.read() / 1e9).isCloseTo(2.0 * stepsRun, within(1e-6));
  }
}
