package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.trainer4j.extensions.minibatch.GoodputMaximizeTest.DATASET;
import static org.trainer4j.extensions.minibatch.GoodputMaximizeTest.MAX;
import static org.trainer4j.extensions.minibatch.GoodputMaximizeTest.STEP;
import static org.trainer4j.extensions.minibatch.GoodputMaximizeTest.timeToTarget;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.trainer4j.extensions.minibatch.goodput.SmoothedGradientNoise;
import org.trainer4j.extensions.minibatch.goodput.StepTime;

/**
 * A re-estimate whose budget is spent, with the step times the earlier search's probes timed and
 * training's own step time at the size it trains: the simulated step {@code 0.02 s + 1e-4 s x B},
 * B_noise 5000 (the goodput optimum near 1000).
 */
class GoodputTrainingStepTimesTest {

  private static double step(int b) {
    return b * STEP.applyAsDouble(b);
  }

  private static GoodputSearch reestimateFrom(List<StepTime> known, SimulatedTraining later) {
    return reestimateFrom(known, later, 256);
  }

  /** A re-estimate at {@code size} with nothing left of the budget, B_noise 5000. */
  private static GoodputSearch reestimateFrom(
      List<StepTime> known, SimulatedTraining later, int size) {
    SmoothedGradientNoise noise = SmoothedGradientNoise.start(0.9);
    SimulatedNoise exact = new SimulatedNoise(1, 5000, 0, 1);
    for (int i = 0; i < 8; i++) {
      noise = noise.add(exact.estimate(128, 1));
    }
    return GoodputMaximize.create()
        .reestimate(
            // A few steps left to train: no size saves enough to extend the spent budget.
            later
                .context(size, DATASET)
                .maxBatchSize(MAX)
                .budgetSeconds(1e-9)
                .plan(PlannedTraining.iterations(20))
                .build(),
            32,
            noise,
            exact,
            known,
            8);
  }

  /** A re-estimate from 32 of a three-epoch training with {@code budget}, B_noise 5000. */
  private static GoodputSearch reestimateAt32(
      List<StepTime> known, SimulatedTraining later, Budget budget) {
    return GoodputMaximize.create()
        .reestimate(
            later
                .context(32, DATASET)
                .maxBatchSize(MAX)
                .plan(PlannedTraining.epochs(3))
                .budget(budget)
                .build(),
            32,
            SmoothedGradientNoise.start(0.9),
            new SimulatedNoise(1, 5000, 0, 1),
            known,
            0);
  }

  @Test
  void probesSlowerThanTrainingStillLetTheSearchStepPastTheTrainedSize() {
    // The probes ran 3x slower than training does (a cold JVM beside other work): their line and
    // training's step at 256 disagree by far more than a line may miss a step, but only in level.
    List<StepTime> known =
        List.of(
            new StepTime(32, 3 * step(32)),
            new StepTime(64, 3 * step(64)),
            new StepTime(128, 3 * step(128)),
            StepTime.fromTraining(256, step(256)));
    SimulatedTraining later = new SimulatedTraining(STEP);

    GoodputSearch again = reestimateFrom(known, later);

    // The earlier probes' line, scaled to training's level, is the true one: the search times 512
    // in the budget left and steps on to the optimum (without the scaling the line missed a step
    // by 22 % and the search kept 512).
    assertThat(again.result().detail()).contains("t(B) = 0.0200 s + 0.000100 s x B");
    assertThat(again.result().chosenBatchSize()).isGreaterThan(512);
    assertThat(timeToTarget(again.result().chosenBatchSize(), 5000) / timeToTarget(1000, 5000))
        .isLessThanOrEqualTo(1.01);
    assertThat(again.stepTimes()).contains(StepTime.fromTraining(256, step(256)));
  }

  @Test
  void anEarlierProbeThatTrainingsLineContradictsIsDroppedAndTheSearchStepsPastTheTrainedSizes() {
    // The first search timed 64 at 1.8x its true step (a JVM warming up); training has since
    // timed 32 and 128 at their true steps.
    List<StepTime> known =
        List.of(
            StepTime.fromTraining(32, step(32)),
            new StepTime(64, 1.8 * step(64)),
            StepTime.fromTraining(128, step(128)));

    GoodputSearch again = reestimateFrom(known, new SimulatedTraining(STEP), 128);

    // With 64 in the fit the line missed it by half, and the search kept 128 below the optimum
    // near 1000; on the true line it buys the timing of 256 and steps past it.
    assertThat(again.result().detail())
        .contains("dropped the earlier probes' step times at [64]")
        .contains("t(B) = 0.0200 s + 0.000100 s x B");
    assertThat(again.result().chosenBatchSize()).as(again.result().detail()).isEqualTo(512);
    assertThat(again.stepTimes())
        .contains(StepTime.fromTraining(32, step(32)), StepTime.fromTraining(128, step(128)))
        .noneMatch(p -> p.batchSize() == 64);
    // The detail names the times the line rests on and who timed them, 64 no longer among them.
    assertThat(again.result().detail())
        .contains(
            "fitted step times 32: 0.0232 s (training), 128: 0.0328 s (training), 256: 0.0456 s"
                + " (probe);")
        .doesNotContain("64: ");
  }

  @Test
  void earlierProbesThatAgreeWithTrainingsLineAreKeptAndFittedAsTheyWereTimed() {
    // Flat probes within 8 % of the true steps at 32 and 64. Scaled to the level of training's
    // times at 256 and 512 (2.3x, as their flat line falls far below training's there), they
    // would sit far above the true steps and bend the line (it missed a step by 37 %).
    List<StepTime> known =
        List.of(
            new StepTime(32, 0.025),
            new StepTime(64, 0.025),
            StepTime.fromTraining(256, step(256)),
            StepTime.fromTraining(512, step(512)));

    GoodputSearch again = reestimateFrom(known, new SimulatedTraining(STEP), 512);

    assertThat(again.result().detail()).doesNotContain("dropped");
    assertThat(again.stepTimes()).contains(new StepTime(32, 0.025), new StepTime(64, 0.025));
    assertThat(again.stepTime().maxRelativeResidual()).isLessThan(GoodputChoice.MAX_RESIDUAL);
    assertThat(again.stepTime().seconds(1024)).isCloseTo(step(1024), within(0.1 * step(1024)));
    assertThat(again.result().chosenBatchSize()).as(again.result().detail()).isGreaterThan(512);
  }

  @Test
  void aReestimateDoesNotTimeTheSizeTrainingTimedButTheSizeAbove() {
    // One known size is no line: the search needs a second, and training has timed its start.
    List<StepTime> known = List.of(StepTime.fromTraining(64, 0.5 * step(64)));
    SimulatedTraining later = new SimulatedTraining(STEP);

    GoodputSearch again =
        GoodputMaximize.create()
            .reestimate(
                later.context(64, DATASET).maxBatchSize(MAX).build(),
                32,
                SmoothedGradientNoise.start(0.9),
                new SimulatedNoise(1, 5000, 0, 1),
                known,
                0);

    assertThat(later.sizesRun).doesNotContain(64).contains(128);
    assertThat(again.stepTimes()).contains(StepTime.fromTraining(64, 0.5 * step(64)));
  }

  @Test
  void aReestimateWithoutStatisticsBuysThemPastItsSpentBudgetAtTheCostTheKnownStepsPredict() {
    // The first search's timings of 32 and 64 took the whole budget: it made no noise estimate
    // and kept 32. The re-estimate times nothing, so only the known steps predict what an
    // estimate costs; priced at nothing, no extension was ever granted and 32 stayed all run.
    List<StepTime> known = List.of(new StepTime(32, step(32)), new StepTime(64, step(64)));

    GoodputSearch again =
        reestimateAt32(known, new SimulatedTraining(STEP), Budget.fraction(0.025).afterSpending(2));

    assertThat(again.noise().count()).as(again.result().detail()).isPositive();
    assertThat(again.result().chosenBatchSize()).isGreaterThan(64);
  }

  @Test
  void aReestimateWithNoBudgetToTimeAnythingKeepsTheSizeTrainingTimedAndSucceeds() {
    List<StepTime> known = List.of(StepTime.fromTraining(32, step(32)));
    SimulatedTraining later = new SimulatedTraining(STEP);

    // Earlier searches spent the run's budget and twice it.
    GoodputSearch again = reestimateAt32(known, later, Budget.fraction(0.025).afterSpending(1000));

    assertThat(later.sizesRun).isEmpty();
    // Nor is a noise estimate of unknown cost (one known size predicts none) made past it.
    assertThat(again.noise().count()).isZero();
    assertThat(again.result().succeeded()).as(again.result().detail()).isTrue();
    assertThat(again.result().chosenBatchSize()).isEqualTo(32);
    assertThat(again.result().stopReason()).isEqualTo(StopReason.BUDGET);
    assertThat(again.result().detail())
        .startsWith("no gradient noise estimate fits the budget (cost unknown, ");
  }
}
