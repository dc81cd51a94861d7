package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.trainer4j.extensions.minibatch.GoodputRuns.fewShortWindows;
import static org.trainer4j.extensions.minibatch.GoodputRuns.goodput;
import static org.trainer4j.extensions.minibatch.GoodputRuns.onClock;
import static org.trainer4j.extensions.minibatch.GoodputRuns.probesOn;
import static org.trainer4j.extensions.minibatch.GoodputRuns.run;
import static org.trainer4j.extensions.minibatch.GoodputRuns.settings;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.extensions.minibatch.goodput.NoiseSource;
import org.trainer4j.extensions.minibatch.goodput.StepTime;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * Training's step time at a size is the training step's, not the re-estimates': on a small dataset
 * an epoch is a few steps, and a re-estimate every epoch falls inside every few intervals between
 * iterations. A real BN MLP on 2,000 examples, sizes up to 1,024 (an epoch ends every other step
 * there), B_noise 10^6 (the larger the better), a true step of {@code 2 ms + 0.01 ms x B}, and each
 * gradient noise estimate of a re-estimate taking 5 ms of the same clock.
 */
class GoodputTrainingStepsLeaveSearchesOutTest {

  @TempDir Path out;

  private static double step(int b) {
    return 0.002 + 1e-5 * b;
  }

  @Test
  void aSizeTrainedTwoStepsAnEpochWithAReestimateEveryEpochIsTimedAtItsOwnStep() {
    FakeTicker ticker = new FakeTicker();
    SimulatedNoise noise = new SimulatedNoise(1, 1e6, 0, 1);
    NoiseSource costly =
        (batchSize, shards) -> {
          ticker.advance(0.005);
          return noise.estimate(batchSize, shards);
        };
    GoodputOptimizer adaptive =
        goodput(LrRule.SQRT, 1, 1024)
            .strategy(fewShortWindows().withNoiseSource(costly))
            .settings(settings(Budget.unlimited(), ticker, 1024))
            .probeRunnerDecorator(probesOn(ticker, GoodputTrainingStepsLeaveSearchesOutTest::step))
            .build();
    onClock(run(2000, IntervalTrigger.epochs(30), out, adaptive, null), b -> step(b), ticker)
        .trainer()
        .run();

    assertThat(adaptive.batchSize()).isEqualTo(1024);
    StepTime trained =
        adaptive.stepTimes().stream()
            .filter(p -> p.batchSize() == 1024)
            .findFirst()
            .orElseThrow(() -> new AssertionError("1024 not timed: " + adaptive.stepTimes()));
    assertThat(trained.fromTraining()).as("%s", adaptive.stepTimes()).isTrue();
    // With the re-estimates inside the intervals the median came out half a re-estimate longer.
    assertThat(trained.seconds()).isCloseTo(step(1024), within(0.01 * step(1024)));
  }
}
