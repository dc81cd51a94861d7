package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThroughputMaximizeTest {

  /** Examples per epoch; the searches below have no budget unless a test sets one. */
  private static final int BIG_DATASET = 1_000_000;

  /** The best noise-free epoch time of {@code sim} over sizes {@code 1..max}. */
  private static double bestEpoch(SimulatedTraining sim, int max, int dataset) {
    return IntStream.rangeClosed(1, max)
        .mapToDouble(b -> sim.epochSeconds(b, dataset))
        .min()
        .orElseThrow();
  }

  private static double ratioToBest(SimulatedTraining sim, SearchResult r, int max, int dataset) {
    return sim.epochSeconds(r.chosenBatchSize(), dataset) / bestEpoch(sim, max, dataset);
  }

  private static SearchResult search(SimulatedTraining sim, int max) {
    return ThroughputMaximize.create()
        .apply(sim.context(32, BIG_DATASET).maxBatchSize(max).build());
  }

  @Test
  void onAMonotoneCurveItClimbsToTheUpperBound() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4 + 1e-2 / b);

    SearchResult r = search(sim, 1024);

    assertThat(r.chosenBatchSize()).isEqualTo(1024);
    assertThat(ratioToBest(sim, r, 1024, BIG_DATASET)).isLessThanOrEqualTo(1.05);
  }

  @ParameterizedTest(name = "from {0} s every step {1}x slower, from 1024 up {2}x: {3}")
  @CsvSource({
    // After 256 is timed: 512 and 1024 both look worse than 256, though neither implausibly so,
    // and 1024 (slowed more, as a load that contends for memory bandwidth slows large batches)
    // is no faster than 512; the scan's closest failure, timed against 256 as the patience runs
    // out, shows the gain.
    "0.5, 1.45, 1.6, confirm",
    // The same load, slowing all sizes alike: 1024 beats 512 under it, so 512 is a bump, slower
    // than 256 before it and 1024 after it, which no step-time curve has; timed beside 256 as
    // soon as 1024 shows the bump, it wins.
    "0.5, 1.45, 1.45, recheck",
    // While 64 is timed: it looks 1.9x slower per example than 32, which no larger batch is;
    // timed beside 32 at once, it wins, and the scan goes on.
    "0.2, 3.0, 3.0, recheck"
  })
  void aLoadThatSwitchesOnMidScanDoesNotEndTheScanAtTheSizeBeforeIt(
      double atSeconds, double factor, double largeFactor, String phase) {
    // Faster per example up to 1024.
    SimulatedTraining sim =
        new SimulatedTraining(b -> 1e-4 + 1e-2 / b)
            .loadStep(atSeconds, b -> b >= 1024 ? largeFactor : factor);

    SearchResult r = search(sim, 1024);

    assertThat(r.chosenBatchSize()).isGreaterThanOrEqualTo(512);
    assertThat(r.steps()).extracting(SearchStep::phase).contains(phase);
  }

  @Test
  void aLoadThatSwitchesOffBeforeTheDownwardScanDoesNotTakeItBelowTheStart() {
    // 32 is the best size; larger ones are a little slower, 16 is 1.5x slower. Every step is 3x
    // slower until the downward scan starts, when the load switches off: 16, timed quiet, looks
    // twice as fast as 32 timed under the load. The budget of 0.9 s leaves no contest: only
    // timing 32 again right after 16 sets it right.
    IntToDoubleFunction loaded = b -> b < 32 ? 4.5e-4 : 3e-4 * (1 + (b - 32) / 256.0);
    double downwardStarts = 0;
    for (SearchStep step : budgeted(new SimulatedTraining(loaded), 0.9).steps()) {
      if (step.batchSize() < 32) {
        break;
      }
      downwardStarts += step.seconds();
    }
    SimulatedTraining sim = new SimulatedTraining(loaded).loadStep(downwardStarts, 1 / 3.0);

    SearchResult r = budgeted(sim, 0.9);

    assertThat(r.steps()).extracting(SearchStep::batchSize).contains(16);
    assertThat(r.chosenBatchSize()).isEqualTo(32);
  }

  @Test
  void aMeasurementOverrunningItsPredictionStopsAtTheBudgetAfterTwoWindows() {
    // Once 128's warm-up is over every step is 10x slower than predicted, as when a heavy load
    // switches on during a measurement: 0.77 s of probing for a 0.6 s budget and 0.1 s of the
    // first measurement's warm-up, which is not charged to it (1.0 s when every
    // window ran).
    IntToDoubleFunction perExample = b -> 1e-4 + 1e-2 / b;
    double loadStarts = 2 * 128 * perExample.applyAsDouble(128);
    for (SearchStep step : budgeted(new SimulatedTraining(perExample), 0.6).steps()) {
      if (step.batchSize() == 128) {
        break;
      }
      loadStarts += step.seconds();
    }
    SimulatedTraining sim = new SimulatedTraining(perExample).loadStep(loadStarts, 10);

    SearchResult r = budgeted(sim, 0.6);

    assertThat(r.probeSeconds()).isLessThan(0.8);
  }

  private static SearchResult budgeted(SimulatedTraining sim, double seconds) {
    return ThroughputMaximize.create()
        .apply(sim.context(32, BIG_DATASET).maxBatchSize(1024).budgetSeconds(seconds).build());
  }

  @Test
  void onAPlateauItStopsScanningAfterTwoFlatSizesAndStaysOnThePlateau() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4 * (1 + 16.0 / Math.min(b, 128)));

    SearchResult r = search(sim, 4096);

    // The line through 32 and 64 predicts 256 faster than 128, so the scan skips 128 and lands on
    // the plateau (from 128 on); 512 and 1024, flat, end it.
    assertThat(r.steps())
        .filteredOn(s -> s.phase().equals("coarse"))
        .extracting(SearchStep::batchSize)
        .containsExactly(32, 64, 256, 512, 1024);
    assertThat(r.chosenBatchSize()).isGreaterThanOrEqualTo(128);
    assertThat(ratioToBest(sim, r, 4096, BIG_DATASET)).isLessThanOrEqualTo(1.05);
  }

  @Test
  void refinesAroundAStepLikeThePapers96To106Jump() {
    // Twice as fast per example from 100 on; overhead 1 ms per step; memory pressure above that.
    IntToDoubleFunction curve = b -> (b < 100 ? 2e-4 : 1e-4) + 1e-3 / b + 2e-7 * b;
    SimulatedTraining sim = new SimulatedTraining(curve);

    SearchResult r = search(sim, 2048);

    assertThat(r.chosenBatchSize()).isBetween(100, 149);
    assertThat(r.steps()).anyMatch(s -> s.phase().equals("refine"));
    assertThat(ratioToBest(sim, r, 2048, BIG_DATASET)).isLessThanOrEqualTo(1.05);
  }

  /**
   * Flat around 32, as the CNN is on this project's CPU, with every size off the doubling ladder
   * 0.5 % faster than the curve: the refinement finds 25 faster than 32 by less than the margin (2
   * %), a difference the search does not count as a gain anywhere else.
   */
  private static SearchResult refinedWithin(double budgetSeconds) {
    IntToDoubleFunction curve =
        b -> 1e-4 * (1 + 1.0 / b + b / 1000.0) * (Integer.bitCount(b) == 1 ? 1 : 0.995);
    return ThroughputMaximize.create()
        .apply(
            new SimulatedTraining(curve)
                .context(32, 20_000)
                .maxBatchSize(512)
                .plan(PlannedTraining.epochs(5))
                .budget(Budget.fixedSeconds(budgetSeconds))
                .build());
  }

  @Test
  void aRefinementThatWonByLessThanTheMarginIsNotTakenWithoutAContestRound() {
    // The budget ends after the refinement, before the contest's first round: the tune
    // benchmark's loaded CNN took such a 25 over 32 and trained 1.035x slower than at 32.
    SearchResult r = refinedWithin(0.9);

    assertThat(r.steps()).anyMatch(s -> s.phase().equals("refine") && s.batchSize() == 25);
    assertThat(r.detail()).contains("over 0 rounds");
    assertThat(r.chosenBatchSize()).isEqualTo(32);
    assertThat(r.detail())
        .contains("kept 32: refinement's 25 won by less than the margin and no contest round");
  }

  @Test
  void aRefinementThatWonByLessThanTheMarginIsTakenOnceAContestRoundConfirmsIt() {
    SearchResult r = refinedWithin(1.4);

    assertThat(r.detail()).doesNotContain("over 0 rounds").doesNotContain("kept 32");
    assertThat(r.chosenBatchSize()).isEqualTo(25);
  }

  @Test
  void aBumpInTheCurveDoesNotStopItAndNoiseDoesNotFoolIt() {
    // 128 is 15 % slower than its neighbours; per-step noise 3 %. Stopping at the first drop
    // (as a unimodal search would) keeps 64, 12 % slower than the best.
    SimulatedTraining sim =
        new SimulatedTraining(b -> 1e-4 * (1 + 8.0 / b) * (b >= 100 && b < 200 ? 1.15 : 1.0))
            .noise(0.03, 7);

    SearchResult r = search(sim, 2048);

    assertThat(r.chosenBatchSize()).isGreaterThan(200);
    assertThat(ratioToBest(sim, r, 2048, BIG_DATASET)).isLessThanOrEqualTo(1.05);
    assertThat(r.steps()).allSatisfy(s -> assertThat(s.noise()).isFinite());
  }

  @Test
  void warmUpStepsAreDiscardedSoASlowFirstStepDoesNotBiasTheMeasurement() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4 + 1e-2 / b).coldFactor(10);

    SearchResult r = search(sim, 1024);

    assertThat(r.steps())
        .allSatisfy(
            s -> {
              assertThat(s.warmupIterations()).isGreaterThanOrEqualTo(2);
              assertThat(s.perExampleSeconds())
                  .isCloseTo(1e-4 + 1e-2 / s.batchSize(), within(1e-12));
            });
  }

  @Test
  void outOfMemoryEndsTheUpwardScanAndTheChoiceStaysBelowIt() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4 + 1e-2 / b).oomAbove(300);

    SearchResult r = search(sim, 4096);

    assertThat(r.steps()).anyMatch(s -> s.infeasible() && s.batchSize() == 512);
    assertThat(r.chosenBatchSize()).isLessThanOrEqualTo(300);
    assertThat(ratioToBest(sim, r, 300, BIG_DATASET)).isLessThanOrEqualTo(1.05);
  }

  @Test
  void sizesPredictedAboveTheMemoryCeilingAreNeverTried() {
    // 100 MB base, 1 MB per example, 1 GB limit, 20 % margin: at most 700 examples.
    SimulatedTraining sim =
        new SimulatedTraining(b -> 1e-4 + 1e-2 / b)
            .memory(100_000_000L, 1_000_000L, 1_000_000_000L);

    SearchResult r =
        ThroughputMaximize.create()
            .apply(sim.context(32, BIG_DATASET).memoryGauge(sim).maxBatchSize(4096).build());

    assertThat(sim.sizesRun).allSatisfy(b -> assertThat(b).isLessThanOrEqualTo(700));
    assertThat(r.chosenBatchSize()).isEqualTo(700);
  }

  @Test
  void probingStaysWithinItsShareOfThePlannedTraining() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4 + 1e-2 / b);
    int dataset = 50_000;

    SearchResult r =
        ThroughputMaximize.create()
            .apply(
                sim.context(32, dataset)
                    .maxBatchSize(4096)
                    .plan(PlannedTraining.epochs(2))
                    .budget(new Budget(0.03, 0, Double.POSITIVE_INFINITY))
                    .build());

    // The default budget is 2.5 % of the planned training (here 2 epochs at the chosen size), so
    // that the real spend stays within 3 % when the search's short windows overrate the plan.
    assertThat(Budget.DEFAULT.fractionOfTraining()).isEqualTo(0.025);
    assertThat(r.stopReason()).isEqualTo(StopReason.BUDGET);
    assertThat(r.probeSeconds())
        .isLessThanOrEqualTo(0.03 * 2 * sim.epochSeconds(r.chosenBatchSize(), dataset));
    assertThat(r.chosenBatchSize()).isGreaterThan(32);
  }

  @Test
  void onATinyDatasetTrainedForManyEpochsTheBudgetStillReachesTheBestSize() {
    // 1,000 examples: one epoch at the best size lasts 0.1 s, 3 % of it would allow no search.
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4 * (1 + 16.0 / b));
    int dataset = 1_000;

    SearchResult r =
        ThroughputMaximize.create()
            .apply(
                sim.context(32, dataset)
                    .plan(PlannedTraining.epochs(200))
                    .budget(Budget.fraction(0.03).withFloorSeconds(0))
                    .build());

    assertThat(ratioToBest(sim, r, dataset, dataset)).isLessThanOrEqualTo(1.05);
    assertThat(r.probeSeconds())
        .isLessThanOrEqualTo(0.03 * 200 * sim.epochSeconds(r.chosenBatchSize(), dataset));
  }

  @Test
  void withTwoReplicasEverySizeTriedIsAMultipleOfTwo() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4 * (1 + 16.0 / b + b / 4000.0));

    SearchResult r =
        ThroughputMaximize.create()
            .apply(sim.context(33, BIG_DATASET).batchSizeMultiple(2).maxBatchSize(1001).build());

    assertThat(sim.sizesRun).allSatisfy(b -> assertThat(b % 2).isZero());
    assertThat(r.chosenBatchSize() % 2).isZero();
    assertThat(ratioToBest(sim, r, 1000, BIG_DATASET)).isLessThanOrEqualTo(1.05);
  }

  @Test
  void startsBelowTheInitialSizeWhenItDoesNotFit() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4 + 1e-2 / b).oomAbove(20);

    SearchResult r = search(sim, 1024);

    assertThat(r.steps().get(0).infeasible()).isTrue();
    assertThat(r.succeeded()).isTrue();
    assertThat(r.chosenBatchSize()).isLessThanOrEqualTo(20);
  }

  @Test
  void goesDownWhenLargerSizesAreSlower() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4 * (1 + 1.0 / b + b / 256.0));

    SearchResult r = search(sim, 1024);

    // Per example 1 + 1/b + b/256: 64 and 128 are slower than 32, so it scans down: 16 (1.125)
    // is best, 8 (1.156) and 4 (1.266) are slower.
    assertThat(r.steps())
        .filteredOn(s -> s.phase().equals("coarse"))
        .extracting(SearchStep::batchSize)
        .containsExactly(32, 64, 128, 16, 8, 4);
    assertThat(ratioToBest(sim, r, 1024, BIG_DATASET)).isLessThanOrEqualTo(1.05);
  }
}
