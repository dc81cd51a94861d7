package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EpochTimeMinimizeTest {

  private static final int DATASET = 50_000;

  /** 0.1 ms per example plus 10 ms per step: monotone, with shrinking gains. */
  private static SimulatedTraining monotone() {
    return new SimulatedTraining(b -> 1e-4 + 1e-2 / b);
  }

  private static List<Integer> sizes(SearchResult r) {
    return r.steps().stream().map(SearchStep::batchSize).toList();
  }

  @Test
  void growsByIncreasingStepsAndStopsWhenTheRatioMovesLessThanNormBetweenChecks() {
    SimulatedTraining sim = monotone();

    SearchResult r = EpochTimeMinimize.create().apply(sim.context(32, DATASET).build());

    // Steps +1, +2, +3, ...; ratio = 1 - (1 + 100/b) / 4.125. Checks: loop 5 (b 42) 0.180 vs 0;
    // 10 (77) 0.443; 15 (137) 0.581; 20 (222) 0.648, moved 0.068; 25 (332) 0.685, moved 0.036.
    assertThat(sizes(r))
        .containsExactly(
            32, 33, 35, 38, 42, 47, 53, 60, 68, 77, 87, 98, 110, 123, 137, 152, 168, 185, 203, 222,
            242, 263, 285, 308, 332);
    assertThat(r.stopReason()).isEqualTo(StopReason.CONVERGED);
    assertThat(r.chosenBatchSize()).isEqualTo(332);
    assertThat(r.steps().get(24).improvementRatio()).isCloseTo(0.68456, within(1e-4));
  }

  @Test
  void theFirstLoopIsTheBaselineAndEachLoopTimesTwentySteps() {
    SimulatedTraining sim = monotone();

    SearchResult r = EpochTimeMinimize.create().apply(sim.context(32, DATASET).build());

    SearchStep first = r.steps().get(0);
    assertThat(first.improvementRatio()).isZero();
    assertThat(first.iterations()).isEqualTo(20);
    assertThat(first.warmupIterations()).isZero();
    assertThat(first.epochSeconds()).isCloseTo(sim.epochSeconds(32, DATASET), within(1e-9));
  }

  @Test
  void stepIncrementScalesTheGrowth() {
    SimulatedTraining sim = monotone();

    SearchResult r =
        EpochTimeMinimize.builder()
            .stepIncrement(4)
            .maxLoops(5)
            .build()
            .apply(sim.context(32, DATASET).build());

    assertThat(sizes(r)).containsExactly(32, 36, 44, 56, 72);
    assertThat(r.stopReason()).isEqualTo(StopReason.MAX_LOOPS);
    assertThat(r.chosenBatchSize()).isEqualTo(72);
  }

  @Test
  void aFlatStretchBeforeAJumpStopsItShortOfTheJump() {
    // The paper's 96 -> 106 jump: nothing changes below 100, so the fixed threshold fires first.
    SimulatedTraining sim = new SimulatedTraining(b -> b < 100 ? 2e-4 : 1e-4);

    SearchResult r = EpochTimeMinimize.create().apply(sim.context(32, DATASET).build());

    assertThat(r.stopReason()).isEqualTo(StopReason.CONVERGED);
    assertThat(r.loops()).isEqualTo(5);
    assertThat(r.chosenBatchSize()).isEqualTo(42);
    assertThat(sim.epochSeconds(42, DATASET)).isEqualTo(2 * sim.epochSeconds(128, DATASET));
  }

  @Test
  void onAPlateauItConvergesAtACheckLoopWithTheLastMeasuredSize() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4 * (1 + 16.0 / Math.min(b, 64)));

    SearchResult r = EpochTimeMinimize.create().apply(sim.context(32, DATASET).build());

    assertThat(r.loops() % 5).isZero();
    assertThat(r.chosenBatchSize()).isEqualTo(r.steps().get(r.loops() - 1).batchSize());
    assertThat(r.chosenBatchSize()).isGreaterThanOrEqualTo(64);
  }

  @Test
  void outOfMemoryCapsTheSizeBelowTheFailureAndTheSearchGoesOn() {
    SimulatedTraining sim = monotone().oomAbove(50);

    SearchResult r = EpochTimeMinimize.create().apply(sim.context(32, DATASET).build());

    // 53 fails, so at most 52; 52 and 51 fail too; from then on every step is clamped to 50.
    assertThat(sizes(r)).startsWith(32, 33, 35, 38, 42, 47, 53, 52, 51, 50, 50);
    assertThat(r.steps().get(6).infeasible()).isTrue();
    assertThat(r.steps().get(8).infeasible()).isTrue();
    assertThat(r.steps().get(6).improvementRatio()).isNaN();
    assertThat(r.stopReason()).isEqualTo(StopReason.CONVERGED);
    assertThat(r.chosenBatchSize()).isEqualTo(50);
  }

  @Test
  void withNoiseItStillFollowsTheGrowthRuleAndStopsAtACheckLoop() {
    SimulatedTraining sim =
        new SimulatedTraining(b -> 1e-4 * (1 + 8.0 / b) * (b >= 100 && b < 200 ? 1.15 : 1.0))
            .noise(0.05, 3);

    SearchResult r = EpochTimeMinimize.create().apply(sim.context(32, DATASET).build());

    List<Integer> sizes = sizes(r);
    for (int k = 1; k < sizes.size(); k++) {
      assertThat(sizes.get(k) - sizes.get(k - 1)).isEqualTo(k);
    }
    assertThat(r.stopReason()).isIn(StopReason.CONVERGED, StopReason.MAX_LOOPS);
    assertThat(r.loops() % 5).isZero();
    assertThat(r.chosenBatchSize()).isEqualTo(sizes.get(sizes.size() - 1));
  }

  @Test
  void aSpentBudgetStopsItAfterTheLoopThatSpentIt() {
    SimulatedTraining sim = monotone();

    SearchResult r =
        EpochTimeMinimize.create().apply(sim.context(32, DATASET).budgetSeconds(0.5).build());

    // One loop of 20 steps at 32 takes 20 * 13.2 ms = 0.264 s; the second passes 0.5 s.
    assertThat(sizes(r)).containsExactly(32, 33);
    assertThat(r.stopReason()).isEqualTo(StopReason.BUDGET);
    assertThat(r.chosenBatchSize()).isEqualTo(33);
  }
}
