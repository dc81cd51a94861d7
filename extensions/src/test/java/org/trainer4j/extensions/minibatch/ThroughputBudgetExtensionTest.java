package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * When {@link ThroughputMaximize}'s coarse scan measures past its budget ({@link
 * BudgetExtension#forScan}): only the next rung of a scan still gaining, only when the step-time
 * line predicts it to save ten times its cost over the planned training, and never past twice the
 * budget or its cap. The simulated steps are noiseless, so every number below is exact.
 */
class ThroughputBudgetExtensionTest {

  private static final int DATASET = 60_000;

  /** A budget of {@code floor} seconds however long the training; {@code extensible}: no cap. */
  private static Budget floorOnly(double floor, boolean extensible) {
    return new Budget(0, floor, extensible ? Double.POSITIVE_INFINITY : floor);
  }

  /**
   * Steps of {@code fixed} seconds plus {@code perExample} seconds an example: a fixed cost that
   * dominates (loading-bound steps, small models) puts the best size near the top of the range.
   */
  private static SimulatedTraining steps(double fixed, double perExample) {
    return new SimulatedTraining(b -> fixed / b + perExample);
  }

  /** A search from 32 up to 2048 for a training of {@code epochs} epochs. */
  private static SearchResult search(SimulatedTraining sim, Budget budget, double epochs) {
    return ThroughputMaximize.create()
        .apply(
            sim.context(32, DATASET)
                .maxBatchSize(2048)
                .plan(PlannedTraining.epochs(epochs))
                .budget(budget)
                .build());
  }

  @Test
  void aScanStillGainingWhenTheBudgetEndsTimesTheNextRungPredictedToSaveTenTimesItsCost() {
    // 20 ms a step plus 10 us an example: every doubling up to 2048 gains (256: 8.8e-5 s an
    // example, 512: 4.9e-5), worth tens of seconds over 20 epochs against a measurement of about
    // 0.1 s. A 0.3 s floor ends the capped scan after a few rungs; the extensible one may take
    // 0.6 s.
    SimulatedTraining cappedSim = steps(0.02, 1e-5);
    SearchResult capped = search(cappedSim, floorOnly(0.3, false), 20);
    SimulatedTraining extendedSim = steps(0.02, 1e-5);
    SearchResult extended = search(extendedSim, floorOnly(0.3, true), 20);

    assertThat(capped.stopReason()).isEqualTo(StopReason.BUDGET);
    assertThat(capped.detail()).doesNotContain("budget extended");
    assertThat(extended.detail()).contains("budget extended by");
    assertThat(extendedSim.epochSeconds(extended.chosenBatchSize(), DATASET))
        .isLessThan(0.8 * cappedSim.epochSeconds(capped.chosenBatchSize(), DATASET));
    assertThat(extended.chosenBatchSize()).isEqualTo(2048);
    // Twice the 0.3 s budget at most, past the first measurement's uncounted warm-up (the capped
    // search's budget ended 0.16 s past its 0.3 s for that warm-up: it spent 0.42 s).
    assertThat(capped.probeSeconds()).isLessThan(0.3 + 0.17);
    assertThat(extended.probeSeconds()).isLessThan(0.6 + 0.17);
  }

  @Test
  void theRungTheExtensionWasGrantedForIsTimedOnAClockThatMovesBetweenReadings() {
    // As above, on a clock that moves a microsecond at every reading: an extension of exactly
    // what the rung needed at the moment of the grant was already short when the rung's own
    // measurement checked the budget a few readings later, so the scan stopped at the rung below
    // with "budget extended by" in its detail (the tune benchmark's loaded 1,000-example runs:
    // "measuring 512 (~0.123 s) would pass 1.94 s; budget extended by 0.475 s", kept 256).
    SimulatedTraining sim = steps(0.02, 1e-5);
    sim.ticker.creepPerRead(1e-6);
    SearchResult r = search(sim, floorOnly(0.3, true), 20);

    assertThat(r.detail()).contains("budget extended by");
    assertThat(r.chosenBatchSize()).isEqualTo(2048);
    assertThat(r.probeSeconds()).isLessThan(0.6 + 0.17);
  }

  @Test
  void onAShortTrainingTheSameRungIsNotWorthTimingPastTheBudget() {
    // The same steps, but a tenth of an epoch planned: 256 -> 512 would save 0.23 s of training,
    // less than ten times the 0.09 s its measurement costs.
    SearchResult r = search(steps(0.02, 1e-5), floorOnly(0.3, true), 0.1);

    assertThat(r.stopReason()).isEqualTo(StopReason.BUDGET);
    assertThat(r.detail()).doesNotContain("budget extended");
    assertThat(r.chosenBatchSize()).isEqualTo(256);
  }
}
