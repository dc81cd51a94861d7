package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trainer4j.extensions.minibatch.GoodputMaximizeTest.DATASET;
import static org.trainer4j.extensions.minibatch.GoodputMaximizeTest.FIXED;
import static org.trainer4j.extensions.minibatch.GoodputMaximizeTest.MAX;
import static org.trainer4j.extensions.minibatch.GoodputMaximizeTest.PER_EXAMPLE;
import static org.trainer4j.extensions.minibatch.GoodputMaximizeTest.STEP;
import static org.trainer4j.extensions.minibatch.GoodputMaximizeTest.timeToTarget;

import org.junit.jupiter.api.Test;

/**
 * The goodput strategy when its budget ends below the argmax, on {@link GoodputMaximizeTest}'s
 * simulated job with {@code B_noise} 5,000 (argmax near 1,000): it may step one growth factor past
 * the sizes it timed, but only along a step-time line that fits them, below the memory ceiling, and
 * never past a size that failed.
 */
class GoodputBudgetStopTest {

  /** A search from 32 with a budget of 1 s on {@code sim}, the argmax near 1,000. */
  private static SearchResult budgeted(SimulatedTraining sim, boolean memory) {
    return budgeted(sim, memory, 1.0);
  }

  private static SearchResult budgeted(SimulatedTraining sim, boolean memory, double seconds) {
    SimulatedContext context = sim.context(32, DATASET).maxBatchSize(MAX);
    if (memory) {
      context.memoryGauge(sim);
    }
    return SimulatedNoise.goodput()
        .withNoiseSource(new SimulatedNoise(1, 5000, 0, 1))
        .apply(context.budgetSeconds(seconds).build());
  }

  private static int largestTimed(SearchResult r) {
    return r.steps().stream()
        .filter(s -> !s.infeasible())
        .mapToInt(SearchStep::batchSize)
        .max()
        .orElseThrow();
  }

  @Test
  void aBudgetThatStopsTheSearchBelowTheArgmaxLetsItGoOneGrowthStepPastTheTimedSizes() {
    SearchResult r = budgeted(new SimulatedTraining(STEP), false);

    // sqrt(0.02 x 5000 / 1e-4) = 1000, far above what 1 s can time.
    assertThat(r.stopReason()).isEqualTo(StopReason.BUDGET);
    int largest = largestTimed(r);
    assertThat(largest).isLessThan(500);
    assertThat(r.chosenBatchSize()).isEqualTo(2 * largest);
    assertThat(timeToTarget(r.chosenBatchSize(), 5000)).isLessThan(timeToTarget(largest, 5000));
    assertThat(r.detail()).contains("past the largest timed size " + largest);
  }

  @Test
  void aStepTimeLineThatMissesATimedStepKeepsABudgetStoppedSearchAmongTheTimedSizes() {
    // Steps above 64 cost three times the fixed overhead: no straight line fits 32 to 256.
    SimulatedTraining sim =
        new SimulatedTraining(b -> (b <= 64 ? FIXED : 3 * FIXED) / b + PER_EXAMPLE);
    SearchResult r = budgeted(sim, false);

    assertThat(r.stopReason()).isEqualTo(StopReason.BUDGET);
    assertThat(r.chosenBatchSize()).isEqualTo(largestTimed(r));
    assertThat(r.detail()).contains("the step-time line misses a timed step");
  }

  @Test
  void aStepPastTheTimedSizesNeverPassesTheMemoryCeiling() {
    // 1 MB an example against 475 MB less the 20 % reserve: nothing above 380 is predicted to fit.
    SimulatedTraining sim = new SimulatedTraining(STEP).memory(0, 1_000_000L, 475_000_000L);
    SearchResult r = budgeted(sim, true);

    assertThat(r.stopReason()).isEqualTo(StopReason.BUDGET);
    assertThat(largestTimed(r)).isEqualTo(256);
    assertThat(r.chosenBatchSize()).isBetween(300, 380);
  }

  @Test
  void aSizeThatRanOutOfMemoryRulesOutAnyStepPastTheTimedSizes() {
    // 256 fails; the sizes between the largest that ran and 256 are unknown, whatever the argmax.
    // 0.8 s: with 1 s the search bisects down to 192 and ends there, not on its budget.
    SearchResult r = budgeted(new SimulatedTraining(STEP).oomAbove(200), false, 0.8);

    assertThat(r.steps()).anyMatch(SearchStep::infeasible);
    assertThat(r.chosenBatchSize()).isEqualTo(largestTimed(r)).isLessThanOrEqualTo(200);
    assertThat(r.detail()).contains("a size failed in memory");
  }
}
