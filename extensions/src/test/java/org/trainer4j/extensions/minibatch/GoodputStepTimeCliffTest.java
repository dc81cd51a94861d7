package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trainer4j.extensions.minibatch.GoodputRuns.fewShortWindows;
import static org.trainer4j.extensions.minibatch.GoodputRuns.goodput;
import static org.trainer4j.extensions.minibatch.GoodputRuns.onClock;
import static org.trainer4j.extensions.minibatch.GoodputRuns.probesOn;
import static org.trainer4j.extensions.minibatch.GoodputRuns.run;
import static org.trainer4j.extensions.minibatch.GoodputRuns.settings;

import java.nio.file.Path;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.minibatch.goodput.GoodputEstimate;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * An adaptive run across a step-time cliff ({@link StepTimeCliff}): a real BN MLP (8,192 examples,
 * initial size 16, two epochs) whose sizes training times, B_noise 10^6 (the more examples a
 * second, the better), and steps of {@code 2 ms + 0.01 ms x B} that cost {@code 2.5x} as much above
 * 64. Measured goodput is then highest at 64 (24 examples a ms; 128 16, 256 22): the line {@code a
 * + b B} through the timed sizes puts its argmax at the bound 256.
 */
class GoodputStepTimeCliffTest {

  private static final int EXAMPLES = 8192;

  @TempDir Path out;

  private static double flat(int b) {
    return 0.002 + 1e-5 * b;
  }

  private static double cliffAbove64(int b) {
    return b > 64 ? 2.5 * flat(b) : flat(b);
  }

  private GoodputOptimizer trained(IntToDoubleFunction step) {
    FakeTicker ticker = new FakeTicker();
    GoodputOptimizer goodput =
        goodput(LrRule.SQRT, 1, 256)
            .strategy(fewShortWindows().withNoiseSource(new SimulatedNoise(1, 1e6, 0, 1)))
            .settings(settings(Budget.fixedSeconds(0.06), ticker, 256))
            .probeRunnerDecorator(probesOn(ticker, step))
            .exploreInTraining(true)
            .build();
    onClock(run(EXAMPLES, IntervalTrigger.epochs(2), out, goodput, null), step, ticker)
        .trainer()
        .run();
    return goodput;
  }

  private static List<Integer> sizes(GoodputOptimizer goodput) {
    return goodput.history().stream().map(GoodputEstimate::batchSize).toList();
  }

  @Test
  void aRunThatTimedASizePastTheCliffGoesBackToTheSizeBeforeItAndNeverFurther() {
    GoodputOptimizer goodput = trained(GoodputStepTimeCliffTest::cliffAbove64);

    List<Integer> sizes = sizes(goodput);
    assertThat(sizes).as("growing to the cliff").startsWith(32, 64, 128);
    assertThat(sizes)
        .as("never past the size that timed the cliff: %s", sizes)
        .allMatch(b -> b <= 128);
    assertThat(goodput.batchSize()).isEqualTo(64);
    assertThat(goodput.results())
        .anyMatch(
            r ->
                r.detail()
                    .startsWith(
                        "kept 64, the size training measured most goodput at: training timed 128"));
  }

  @Test
  void theSizePastTheCliffIsTimedAgainOnceInCaseALoadMadeIt() {
    GoodputOptimizer goodput = trained(GoodputStepTimeCliffTest::cliffAbove64);

    // The first time at 128, and one retrial of its time, which looks too slow to be true.
    assertThat(sizes(goodput).stream().filter(b -> b == 128).count())
        .as("%s", sizes(goodput))
        .isEqualTo(2);
  }

  @Test
  void withoutACliffTheRunGrowsToTheBound() {
    GoodputOptimizer goodput = trained(GoodputStepTimeCliffTest::flat);

    assertThat(goodput.batchSize()).isEqualTo(256);
    assertThat(goodput.results()).noneMatch(r -> r.detail().contains("a cliff"));
  }
}
