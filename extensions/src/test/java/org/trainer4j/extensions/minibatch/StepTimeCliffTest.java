package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.trainer4j.extensions.minibatch.goodput.FeasibleSizes;
import org.trainer4j.extensions.minibatch.goodput.GoodputModel;
import org.trainer4j.extensions.minibatch.goodput.SmoothedGradientNoise;
import org.trainer4j.extensions.minibatch.goodput.StepTime;
import org.trainer4j.extensions.minibatch.goodput.StepTimeModel;

/**
 * Which measured step times make a cliff ({@link StepTimeCliff}), on the step times two exploring
 * main-job runs logged (the critical batch 4 x B_noise, as there).
 */
class StepTimeCliffTest {

  /** The d11ba2a run at epoch 11's check: 755 at 1.6x 418's time per example, B_noise 3,615. */
  private static final List<StepTime> CLIFF_AT_755 =
      List.of(
          StepTime.fromTraining(32, 0.176),
          StepTime.fromTraining(64, 0.224),
          StepTime.fromTraining(128, 0.377),
          StepTime.fromTraining(201, 0.587),
          StepTime.fromTraining(288, 0.764),
          StepTime.fromTraining(418, 1.07),
          StepTime.fromTraining(755, 2.64));

  /** The 97fbb05 run's first minute: 64 timed in 20 early steps, B_noise 78. */
  private static final List<StepTime> NOISY_128 =
      List.of(
          StepTime.fromTraining(32, 0.151),
          StepTime.fromTraining(64, 0.194),
          StepTime.fromTraining(128, 0.403));

  private static GoodputSearch choosing(int chosen, List<StepTime> times, double noiseScale) {
    SmoothedGradientNoise noise =
        SmoothedGradientNoise.start(0.9)
            .add(new SimulatedNoise(1, noiseScale, 0, 1).estimate(128, 1));
    SearchResult result =
        new SearchResult(
            "GoodputMaximize",
            32,
            chosen,
            List.of(),
            StopReason.BUDGET,
            "the line's pick",
            1.0,
            60_000);
    return new GoodputSearch(
        result,
        noise,
        StepTimeModel.fit(times),
        32,
        FeasibleSizes.of(32, 4096, 60_000, 1),
        times,
        4);
  }

  @Test
  void aSizeTrainingTimedFarAboveTheLineAndFarBelowInGoodputSendsTheChoiceBackBeforeIt() {
    GoodputSearch kept = StepTimeCliff.of(choosing(755, CLIFF_AT_755, 3615));

    assertThat(kept.result().chosenBatchSize()).isEqualTo(418);
    assertThat(kept.result().detail())
        .startsWith("kept 418, the size training measured most goodput at: training timed 755 at 2")
        .contains("% above the step-time line")
        .endsWith("and 755 lies past it; the line's pick");
  }

  @Test
  void aChoiceBeyondTheCliffGoesBackToo() {
    assertThat(StepTimeCliff.of(choosing(1510, CLIFF_AT_755, 36_860)).result().chosenBatchSize())
        .isEqualTo(418);
  }

  @Test
  void lessMeasuredGoodputOnALineThatFitsTheStepIsNoCliff() {
    GoodputSearch search = choosing(128, NOISY_128, 78);
    GoodputModel model = search.model().orElseThrow();
    // The goodput condition alone would fire: 64 measured more than 1.2x 128's goodput.
    assertThat(StepTimeCliff.goodput(model, NOISY_128.get(1)))
        .isGreaterThan(1.2 * StepTimeCliff.goodput(model, NOISY_128.get(2)));
    assertThat(search.stepTime().maxRelativeResidual()).isLessThan(GoodputChoice.MAX_RESIDUAL);

    assertThat(StepTimeCliff.of(search)).isSameAs(search);
  }

  @Test
  void aStepFarAboveTheLineAtAsMuchGoodputAsTheBestIsNoCliff() {
    // Probes at 256 and 512, timed in other conditions, pull the line 40 % below training's step
    // at 128; training measured 64 and 128 at the same examples a second.
    List<StepTime> times =
        List.of(
            StepTime.fromTraining(64, 0.10),
            StepTime.fromTraining(128, 0.20),
            new StepTime(256, 0.20),
            new StepTime(512, 0.30));
    GoodputSearch search = choosing(512, times, 1e6);
    assertThat(0.20).isGreaterThan(1.2 * search.stepTime().seconds(128));

    assertThat(StepTimeCliff.of(search)).isSameAs(search);
  }

  @Test
  void aCliffOnlyAProbeTimedOrOneAboveTheChoiceIsLeftToTheLine() {
    List<StepTime> probed =
        CLIFF_AT_755.stream()
            .map(p -> p.batchSize() == 755 ? new StepTime(755, p.seconds()) : p)
            .toList();

    assertThat(StepTimeCliff.of(choosing(755, probed, 3615)).result().chosenBatchSize())
        .isEqualTo(755);
    assertThat(StepTimeCliff.of(choosing(600, CLIFF_AT_755, 3615)).result().chosenBatchSize())
        .isEqualTo(600);
  }
}
