package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Ticker;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.extensions.minibatch.goodput.GradientNoise;
import org.trainer4j.extensions.minibatch.goodput.NoiseSource;

/**
 * A goodput search reads the gradient noise of the model training continues from, not of the probe
 * copy its timed steps trained: how many steps fit the timing depends on the machine's load, and
 * one seed's first search had read B_noise 192 on a quiet machine and 57 beside a build.
 */
class GoodputNoiseAtStartTest {

  @TempDir Path dir;

  /** One estimate over 64 examples, after {@code timedSteps} timed steps at 32 on a fresh setup. */
  private GradientNoise estimateAfter(int timedSteps, Path out) {
    Nd4j.getRandom().setSeed(17);
    Setup s = Setup.mlp(32, 10, out);
    try (ProbeRun probe = ProbeRun.over(s.updater(), Ticker.systemTicker())) {
      if (timedSteps > 0) {
        probe.run(32, timedSteps);
      }
      NoiseSource source = GoodputMaximize.create().noiseSource(probe);
      return source.estimate(64, 1);
    }
  }

  @Test
  void theEstimateIsTheSameHoweverManyStepsTheTimingTook() {
    GradientNoise untimed = estimateAfter(0, dir.resolve("a"));
    GradientNoise afterFew = estimateAfter(3, dir.resolve("b"));
    GradientNoise afterMany = estimateAfter(40, dir.resolve("c"));

    assertThat(afterFew).isEqualTo(untimed);
    assertThat(afterMany).isEqualTo(untimed);
  }

  @Test
  void theTimedStepsTrainTheirCopyWhileTheEstimatesUseOneAsTheRunOpened() {
    Setup s = Setup.mlp(32, 10, dir);
    float[] live = s.model().params().dup().data().asFloat();
    try (ProbeRun probe = ProbeRun.over(s.updater(), Ticker.systemTicker())) {
      probe.run(32, 5);
      GoodputMaximize.create().noiseSource(probe).estimate(64, 1);

      assertThat(probe.model().params().dup().data().asFloat()).isNotEqualTo(live);
      assertThat(probe.startModel().params().dup().data().asFloat()).containsExactly(live);
      assertThat(probe.startModel()).isNotSameAs(s.model());
    }
    // Batch normalization's running statistics are parameters here: a training-mode forward pass
    // on the live model would have moved them.
    assertThat(s.model().params().dup().data().asFloat()).containsExactly(live);
    assertThat(s.iterator().getState().position()).isZero();
  }
}
