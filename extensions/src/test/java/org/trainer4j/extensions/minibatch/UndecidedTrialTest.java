package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trainer4j.extensions.minibatch.goodput.FeasibleSizes;
import org.trainer4j.extensions.minibatch.goodput.SmoothedGradientNoise;
import org.trainer4j.extensions.minibatch.goodput.StepTime;
import org.trainer4j.extensions.minibatch.goodput.StepTimeModel;

/**
 * The trial after a search that its budget stopped below an argmax above the sizes it timed, on a
 * line that misses one of them: 32 and 64 near 10 ms, 128 timed at 30 ms (a stall, or a true jump),
 * B_noise 10^6 (the argmax at the bound).
 */
class UndecidedTrialTest {

  private static final List<StepTime> MISSED =
      List.of(new StepTime(32, 0.010), new StepTime(64, 0.0105), new StepTime(128, 0.030));

  private static GoodputSearch stoppedAt128(StopReason stop, int maxSize, List<SearchStep> steps) {
    return stoppedAt128(stop, maxSize, steps, 1e6, 1);
  }

  private static GoodputSearch stoppedAt128(
      StopReason stop, int maxSize, List<SearchStep> steps, double noiseScale, double factor) {
    SmoothedGradientNoise noise =
        SmoothedGradientNoise.start(0.9)
            .add(new SimulatedNoise(1, noiseScale, 0, 1).estimate(128, 1));
    SearchResult result =
        new SearchResult("GoodputMaximize", 32, 128, steps, stop, "kept 128", 1.0, 55_000);
    return new GoodputSearch(
        result,
        noise,
        StepTimeModel.fit(MISSED),
        32,
        FeasibleSizes.of(32, maxSize, 55_000, 1),
        MISSED,
        factor);
  }

  @Test
  void aBudgetStoppedSearchOnALineThatMissesAStepTriesOneGrowthStepPastTheTimedSizes() {
    GoodputSearch search = stoppedAt128(StopReason.BUDGET, 4096, List.of());
    assertThat(search.stepTime().maxRelativeResidual()).isGreaterThan(GoodputChoice.MAX_RESIDUAL);

    GoodputSearch trial = UndecidedTrial.of(search, 2.0);

    assertThat(trial.result().chosenBatchSize()).isEqualTo(256);
    assertThat(trial.result().detail())
        .startsWith("the step-time line misses a timed step below the argmax 4096: training tries")
        .endsWith("kept 128");
    assertThat(trial.stepTimes()).isEqualTo(MISSED);
  }

  @Test
  void theArgmaxATrialAimsAtIsTheSearchsOwnModelsWithItsCriticalBatchFactor() {
    // B_noise 500 on this line: the argmax is 110 with the factor 1 (below the timed 128: no
    // trial) and 220 with 4 (past 128 by more than a growth step's square root: tried).
    GoodputSearch published = stoppedAt128(StopReason.BUDGET, 4096, List.of(), 500, 1);
    GoodputSearch calibrated = stoppedAt128(StopReason.BUDGET, 4096, List.of(), 500, 4);

    assertThat(UndecidedTrial.of(published, 2.0)).isSameAs(published);
    assertThat(UndecidedTrial.of(calibrated, 2.0).result().chosenBatchSize()).isEqualTo(220);
  }

  @Test
  void theTrialStaysWithinTheFeasibleSizes() {
    assertThat(
            UndecidedTrial.of(stoppedAt128(StopReason.BUDGET, 200, List.of()), 2.0)
                .result()
                .chosenBatchSize())
        .isEqualTo(200);
  }

  @Test
  void anArgmaxTooCloseToTheLargestTimedSizeForTrainingToTellThemApartIsNotTried() {
    // The bound makes 170 the argmax: 1.33x 128, under a growth step's square root (1.41x).
    GoodputSearch closeBelowTheBound = stoppedAt128(StopReason.BUDGET, 170, List.of());
    GoodputSearch justFarEnough = stoppedAt128(StopReason.BUDGET, 182, List.of());

    assertThat(UndecidedTrial.of(closeBelowTheBound, 2.0)).isSameAs(closeBelowTheBound);
    assertThat(UndecidedTrial.of(justFarEnough, 2.0).result().chosenBatchSize()).isEqualTo(182);
  }

  @Test
  void nothingIsTriedAfterASizeFailedInMemoryOrWhenTheSearchWasNotStoppedByItsBudget() {
    SearchStep failed =
        new SearchStep(3, "goodput", 256, 0, 0, 0, Double.NaN, Double.NaN, 0, 0, null, true, "OOM");
    GoodputSearch nearTheLimit = stoppedAt128(StopReason.BUDGET, 4096, List.of(failed));
    GoodputSearch converged = stoppedAt128(StopReason.CONVERGED, 4096, List.of());

    assertThat(UndecidedTrial.of(nearTheLimit, 2.0)).isSameAs(nearTheLimit);
    assertThat(UndecidedTrial.of(converged, 2.0)).isSameAs(converged);
  }

  @Test
  void aBudgetStoppedSearchThatTimedOneSizeAloneTriesOneGrowthStepLarger() {
    List<StepTime> only32 = List.of(new StepTime(32, 0.010));
    SmoothedGradientNoise noise =
        SmoothedGradientNoise.start(0.9).add(new SimulatedNoise(1, 500, 0, 1).estimate(128, 1));
    FeasibleSizes sizes = FeasibleSizes.of(32, 4096, 55_000, 1);

    GoodputSearch stopped = oneSize(StopReason.BUDGET, only32, noise, sizes);
    GoodputSearch atTheBound =
        oneSize(StopReason.BUDGET, only32, noise, FeasibleSizes.of(32, 32, 55_000, 1));
    GoodputSearch converged = oneSize(StopReason.CONVERGED, only32, noise, sizes);
    GoodputSearch spentNothing =
        new GoodputSearch(
            new SearchResult(
                "GoodputMaximize", 32, 32, List.of(), StopReason.BUDGET, "kept 32", 0, 55_000),
            noise,
            GoodputPoints.line(only32, List.of()),
            32,
            sizes,
            only32,
            1);

    assertThat(UndecidedTrial.of(stopped, 2.0).result().chosenBatchSize()).isEqualTo(64);
    assertThat(UndecidedTrial.of(stopped, 2.0).result().detail())
        .startsWith("only 32 timed: training tries 64 instead of 32 and checks it");
    assertThat(UndecidedTrial.of(atTheBound, 2.0)).isSameAs(atTheBound);
    assertThat(UndecidedTrial.of(converged, 2.0)).isSameAs(converged);
    assertThat(UndecidedTrial.of(spentNothing, 2.0))
        .as("a search with no budget at all: the time is training's")
        .isSameAs(spentNothing);
  }

  private static GoodputSearch oneSize(
      StopReason stop, List<StepTime> times, SmoothedGradientNoise noise, FeasibleSizes sizes) {
    SearchResult result =
        new SearchResult("GoodputMaximize", 32, 32, List.of(), stop, "kept 32", 0.5, 55_000);
    return new GoodputSearch(
        result, noise, GoodputPoints.line(times, List.of()), 32, sizes, times, 1);
  }

  /** Probes at 16, 32 and 64 on 0.5 ms + 0.04 ms x B; training timed 87 at {@code trained}. */
  private static List<StepTime> probesAndTraining(double... trained) {
    List<StepTime> times =
        new ArrayList<>(
            List.of(
                new StepTime(16, 0.00114), new StepTime(32, 0.00178), new StepTime(64, 0.00306)));
    int size = 87;
    for (double seconds : trained) {
      times.add(StepTime.fromTraining(size, seconds));
      size *= 2;
    }
    return times;
  }

  @Test
  void trainingsStepIsHeldToTheProbesLineOnlyWhileTrainingHasTimedThePickAlone() {
    // The probes' line gives 87 0.00398 s.
    assertThat(UndecidedTrial.trainingOffTheProbes(probesAndTraining(0.00287), 87))
        .isCloseTo(0.279, offset(0.001));
    assertThat(UndecidedTrial.trainingOffTheProbes(probesAndTraining(0.00287), 174))
        .as("the pick is not the size training timed")
        .isZero();
    assertThat(UndecidedTrial.trainingOffTheProbes(probesAndTraining(0.00287, 0.0037), 87))
        .as("training timed two sizes: its own line decides")
        .isZero();
  }

  @Test
  void aPickTrainingTimedOffTheProbesLineIsTriedOneGrowthStepLargerWhateverStoppedTheSearch() {
    List<StepTime> off = probesAndTraining(0.00287);
    List<StepTime> agreeing = probesAndTraining(0.0034); // 15 % off

    GoodputSearch trial = UndecidedTrial.of(keeping87(off), 2.0);

    assertThat(trial.result().chosenBatchSize()).isEqualTo(174);
    assertThat(trial.result().detail())
        .startsWith("training's step at 87 is 28 % off the line through the probes")
        .endsWith("kept 87");
    GoodputSearch kept = keeping87(agreeing);
    assertThat(UndecidedTrial.of(kept, 2.0)).isSameAs(kept);
  }

  private static GoodputSearch keeping87(List<StepTime> times) {
    SmoothedGradientNoise noise =
        SmoothedGradientNoise.start(0.9).add(new SimulatedNoise(1, 600, 0, 1).estimate(64, 1));
    SearchResult result =
        new SearchResult(
            "GoodputMaximize", 87, 87, List.of(), StopReason.CONVERGED, "kept 87", 0, 8192);
    return new GoodputSearch(
        result, noise, StepTimeModel.fit(times), 16, FeasibleSizes.of(16, 256, 8192, 1), times, 1);
  }

  @Test
  void aLargerSizeTrainingTimedOverTwentyPercentSlowerPerExampleIsTriedAgainUnlessItWasBefore() {
    // Training at 87 now 0.00287 s; at 174 earlier 0.0070 s (1.22x per example) or 0.0066 (1.15x).
    GoodputSearch stale = keeping87(probesAndTraining(0.00287, 0.0070));
    GoodputSearch plausible = keeping87(probesAndTraining(0.00287, 0.0066));
    List<StepTime> probedNow = new ArrayList<>(probesAndTraining(0.00287));
    probedNow.add(new StepTime(174, 0.0070)); // a probe's time is this search's own condition

    GoodputSearch trial = UndecidedTrial.of(stale, 2.0);

    assertThat(trial.result().chosenBatchSize()).isEqualTo(174);
    assertThat(trial.result().detail())
        .startsWith(
            "training's step at 174, timed earlier, is 1.22x its step at 87 per example, more"
                + " than a step grows: training tries 174 instead of 87")
        .endsWith("kept 87");
    assertThat(UndecidedTrial.of(stale, 2.0, size -> size == 174)).isSameAs(stale);
    assertThat(UndecidedTrial.of(plausible, 2.0)).isSameAs(plausible);
    assertThat(UndecidedTrial.slowerPerExample(probedNow, 87)).isNull();
  }
}
