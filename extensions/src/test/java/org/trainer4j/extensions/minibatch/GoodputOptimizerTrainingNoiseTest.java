package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.trainer4j.extensions.minibatch.GoodputRuns.run;
import static org.trainer4j.extensions.minibatch.GoodputRuns.simulatedGoodput;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trainer4j.extensions.minibatch.GoodputRuns.Run;
import org.trainer4j.extensions.minibatch.goodput.GoodputEstimate;
import org.trainer4j.extensions.minibatch.goodput.NoiseGeometry;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * In adaptive mode the goodput extension takes its gradient statistics from training's own
 * gradients instead of extra passes on the probe copy: across a parallel updater's replicas by
 * default, from windows of consecutive steps when asked.
 */
class GoodputOptimizerTrainingNoiseTest {

  @TempDir Path out;

  @Test
  void reestimatesTakeTheGradientStatisticsFromTheTrainingStepsInsteadOfExtraPasses() {
    List<Integer> asked = new ArrayList<>();
    List<GoodputEstimate> histories = new ArrayList<>();
    for (boolean fromTraining : new boolean[] {true, false}) {
      SimulatedNoise simulated = new SimulatedNoise(1.0, 100.0, 0.0, 3);
      GoodputOptimizer goodput =
          simulatedGoodput(simulated)
              .trainingGradients(
                  fromTraining ? TrainingGradients.ACROSS_SHARDS_OR_STEPS : TrainingGradients.NONE)
              .build();
      Run r =
          run(
              4096,
              IntervalTrigger.epochs(4),
              out.resolve("training-" + fromTraining),
              goodput,
              null);

      r.trainer().run();

      asked.add(simulated.asked.size());
      histories.add(goodput.history().get(goodput.history().size() - 1));
      if (fromTraining) {
        // 256 steps an epoch at size 16 (the bound): eight windows of four steps, 32 steps apart,
        // more than each re-estimate asks for.
        assertThat(goodput.lastResult().detail())
            .contains("4 ghost shards, 8 new from training steps");
      }
    }

    // Four searches (before training, after epochs 1-3; none at the end) of four estimates each
    // with extra passes; with training gradients the first search, before any step, makes its four
    // and the three re-estimates only what the signal check asks for while the real gradients'
    // |G|^2 cannot be told from zero.
    assertThat(asked.get(1)).isEqualTo(16);
    assertThat(asked.get(0) - 4).isLessThan((asked.get(1) - 4) / 2);
    // The simulated statistics are exact, so only real training gradients can move them.
    assertThat(histories.get(1).gradientSquared()).isCloseTo(1.0, within(1e-9));
    assertThat(histories.get(0).gradientSquared()).isNotCloseTo(1.0, within(1e-3));
  }

  /**
   * 512 steps an epoch at 16: twice the 4 estimates a search makes, 8 windows of 4 steps, one every
   * 64 steps (reading every step would make 128). 64 steps an epoch: windows at least 8 window
   * lengths apart, so 2 (the 8 wanted would have read half the steps). The run stops a step past
   * the epoch: at the end of training there is no re-estimate.
   */
  @ParameterizedTest
  @CsvSource({"8192, 8", "1024, 2"})
  void trainingGradientsAreReadInWindowsSpreadOverTheEpochNotAtEveryStep(
      int examples, int windows) {
    SimulatedNoise simulated = new SimulatedNoise(1.0, 100.0, 0.0, 3);
    GoodputOptimizer goodput =
        simulatedGoodput(simulated)
            .trainingGradients(TrainingGradients.ACROSS_SHARDS_OR_STEPS)
            .build();
    Run r = run(examples, IntervalTrigger.iterations(examples / 16 + 1), out, goodput, null);

    r.trainer().run();

    assertThat(goodput.lastResult().detail())
        .contains("4 ghost shards, " + windows + " new from training steps");
  }

  /**
   * With two replicas, each step's shards (8 examples) and their combination (16) are the two
   * sizes, at the same parameters: by default every step is read, 64 steps an epoch averaged into
   * the 8 estimates a period wants, so a re-estimate makes no extra pass unless the signal check
   * asks for one; with {@code NONE} every estimate is one.
   */
  @Test
  void withReplicasReestimatesTakeTheStatisticsAcrossTheReplicasStepsByDefault() {
    SimulatedNoise acrossReplicas = new SimulatedNoise(1.0, 100.0, 0.0, 3);
    GoodputOptimizer byDefault = simulatedGoodput(acrossReplicas).build();
    SimulatedNoise extraPasses = new SimulatedNoise(1.0, 100.0, 0.0, 3);
    GoodputOptimizer none =
        simulatedGoodput(extraPasses).trainingGradients(TrainingGradients.NONE).build();

    run(1024, IntervalTrigger.epochs(2), out.resolve("shards"), byDefault, null, 2).trainer().run();
    run(1024, IntervalTrigger.epochs(2), out.resolve("none"), none, null, 2).trainer().run();

    assertThat(byDefault.lastResult().detail()).contains("2 shards, 8 new from training steps");
    assertThat(extraPasses.asked).hasSize(2 * 4); // before training and after epoch 1
    assertThat(acrossReplicas.asked.size() - 4).isLessThan(2 * 4 / 2);
    assertThat(none.lastResult().detail()).doesNotContain("from training steps");
  }

  /** Single model, by default: the windows' noise scale is biased high while parameters move. */
  @Test
  void byDefaultEveryEstimateIsAnExtraPass() {
    SimulatedNoise simulated = new SimulatedNoise(1.0, 100.0, 0.0, 3);
    GoodputOptimizer goodput = simulatedGoodput(simulated).build();

    run(1024, IntervalTrigger.epochs(2), out, goodput, null).trainer().run();

    assertThat(simulated.asked).hasSize(2 * 4);
    assertThat(goodput.lastResult().detail()).doesNotContain("from training steps");
  }

  /**
   * The replicas' norms come from the updater in the raw geometry: a search in Adam's geometry does
   * not average them into its own, and makes its estimates with extra passes.
   */
  @Test
  void inAdamsGeometryTheReplicasRawNormsAreNotRead() {
    SimulatedNoise simulated = new SimulatedNoise(1.0, 100.0, 0.0, 3);
    GoodputMaximize adam =
        GoodputMaximize.of(
                GoodputRuns.fewShortWindows().settings().withGeometry(NoiseGeometry.OPTIMIZER))
            .withNoiseSource(simulated);
    GoodputOptimizer goodput = simulatedGoodput(simulated).strategy(adam).build();

    run(1024, IntervalTrigger.epochs(2), out, goodput, null, 2).trainer().run();

    assertThat(simulated.asked).hasSize(2 * 4);
    assertThat(goodput.lastResult().detail()).doesNotContain("from training steps");
  }
}
