package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trainer4j.extensions.minibatch.GoodputMaximizeTest.DATASET;
import static org.trainer4j.extensions.minibatch.GoodputMaximizeTest.MAX;
import static org.trainer4j.extensions.minibatch.GoodputMaximizeTest.STEP;
import static org.trainer4j.extensions.minibatch.GoodputMaximizeTest.timeToTarget;

import org.junit.jupiter.api.Test;
import org.trainer4j.extensions.minibatch.goodput.NoiseSource;

/**
 * When the goodput search measures past its budget ({@link BudgetExtension}), on {@link
 * GoodputMaximizeTest}'s simulated job: only when the fitted model predicts a saving of 10 times
 * the measurement's cost, and never past twice the budget or its cap.
 */
class GoodputBudgetExtensionTest {

  /** A budget of {@code floor} seconds however long the training; {@code extensible}: no cap. */
  private static Budget floorOnly(double floor, boolean extensible) {
    return new Budget(0, floor, extensible ? Double.POSITIVE_INFINITY : floor);
  }

  @Test
  void aSizePredictedToSaveTenTimesItsCostIsTimedPastTheBudgetFloor() {
    // B_noise 5000 puts the optimum near 1000; 20 planned epochs at 32 take about 700 s, so each
    // doubling towards it is predicted to save tens of seconds for a measurement of a fraction of
    // one. A 0.5 s floor ends the capped search long before; the extensible one may take 1 s.
    SearchResult capped = searchWithBudget(floorOnly(0.5, false));
    SearchResult extended = searchWithBudget(floorOnly(0.5, true));

    assertThat(extended.detail()).contains("budget extended by");
    assertThat(capped.detail()).doesNotContain("budget extended");
    assertThat(extended.chosenBatchSize()).isGreaterThan(capped.chosenBatchSize());
    assertThat(timeToTarget(extended.chosenBatchSize(), 5000))
        .isLessThan(timeToTarget(capped.chosenBatchSize(), 5000));
    // Twice the budget at most, plus the measurement in flight when it was reached.
    assertThat(extended.probeSeconds()).isLessThan(1.0 + 0.15);
  }

  @Test
  void extensionsHoldOnAClockThatMovesBetweenReadings() {
    // A real clock moves between the grant and the measurement's own check of the budget: the
    // same searches on a clock that moves a microsecond at every reading extend as far. (The
    // scan's extension failed that way, ThroughputBudgetExtensionTest; goodput's extensions held
    // without BudgetExtension.GRANT_SLACK too, and this guards that they keep holding.)
    SimulatedTraining still = new SimulatedTraining(STEP);
    SimulatedTraining moving = new SimulatedTraining(STEP);
    moving.ticker.creepPerRead(1e-6);
    SearchResult onStill = searchWithBudget(still, floorOnly(0.5, true));
    SearchResult onMoving = searchWithBudget(moving, floorOnly(0.5, true));
    SimulatedNoise noise = new SimulatedNoise(1, 500, 0, 1);
    SimulatedTraining starved = new SimulatedTraining(STEP);
    starved.ticker.creepPerRead(1e-6);
    GoodputMaximize.create()
        .withNoiseSource(cheap(starved, noise))
        .apply(twentyEpochs(starved).budget(floorOnly(0.5, true)).build());

    assertThat(onMoving.detail()).contains("budget extended by");
    assertThat(onMoving.chosenBatchSize()).isEqualTo(onStill.chosenBatchSize());
    assertThat(noise.asked).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void noSizeIsTimedPastTheBudgetWhenTheTrainingIsTooShortForItToPay() {
    // One tenth of an epoch: the saving of a larger size is a fraction of a second.
    SimulatedTraining sim = new SimulatedTraining(STEP);
    SearchResult r =
        GoodputMaximize.create()
            .withNoiseSource(new SimulatedNoise(1, 5000, 0, 1))
            .apply(
                sim.context(32, DATASET)
                    .maxBatchSize(MAX)
                    .budget(floorOnly(0.3, true))
                    .plan(PlannedTraining.iterations(150))
                    .build());

    assertThat(r.detail()).doesNotContain("budget extended");
    assertThat(r.stopReason()).isEqualTo(StopReason.BUDGET);
  }

  @Test
  void aSearchStarvedOfNoiseEstimatesMakesFourPastItsBudgetWhenTheyMayPay() {
    // Estimates of 0.1 s: after the start size and the size above (0.2 s each), a 0.5 s budget
    // leaves room for at most one; the statistics could unlock the size above's throughput, 1.7x
    // the start's, over 20 epochs.
    SimulatedTraining capped = new SimulatedTraining(STEP);
    SimulatedNoise cappedNoise = new SimulatedNoise(1, 500, 0, 1);
    GoodputMaximize.create()
        .withNoiseSource(cheap(capped, cappedNoise))
        .apply(twentyEpochs(capped).budget(floorOnly(0.5, false)).build());
    SimulatedTraining extensible = new SimulatedTraining(STEP);
    SimulatedNoise extensibleNoise = new SimulatedNoise(1, 500, 0, 1);
    GoodputMaximize.create()
        .withNoiseSource(cheap(extensible, extensibleNoise))
        .apply(twentyEpochs(extensible).budget(floorOnly(0.5, true)).build());

    assertThat(cappedNoise.asked).hasSizeLessThan(4);
    assertThat(extensibleNoise.asked).hasSizeGreaterThanOrEqualTo(4);
  }

  private static SearchResult searchWithBudget(Budget budget) {
    return searchWithBudget(new SimulatedTraining(STEP), budget);
  }

  private static SearchResult searchWithBudget(SimulatedTraining sim, Budget budget) {
    return GoodputMaximize.create()
        .withNoiseSource(new SimulatedNoise(1, 5000, 0, 1))
        .apply(twentyEpochs(sim).budget(budget).build());
  }

  private static SimulatedContext twentyEpochs(SimulatedTraining sim) {
    return sim.context(32, DATASET).maxBatchSize(MAX).plan(PlannedTraining.epochs(20));
  }

  /** {@code noise}, each estimate costing 0.1 s of {@code sim}'s clock. */
  private static NoiseSource cheap(SimulatedTraining sim, SimulatedNoise noise) {
    return (batchSize, shards) -> {
      sim.ticker.advance(0.1);
      return noise.estimate(batchSize, shards);
    };
  }
}
