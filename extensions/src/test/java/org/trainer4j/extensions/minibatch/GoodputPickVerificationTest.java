package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trainer4j.extensions.minibatch.GoodputRuns.fewShortWindows;
import static org.trainer4j.extensions.minibatch.GoodputRuns.goodput;
import static org.trainer4j.extensions.minibatch.GoodputRuns.run;
import static org.trainer4j.extensions.minibatch.GoodputRuns.settings;
import static org.trainer4j.extensions.minibatch.GoodputRuns.snapshotOnceAt;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trainer4j.extensions.minibatch.GoodputRuns.Run;
import org.trainer4j.extensions.minibatch.goodput.GoodputEstimate;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.extensions.minibatch.goodput.StepTime;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * An adaptive run whose first search chose a size past the sizes it timed: training times that size
 * for nothing, and the pick is checked from training's step time as soon as it has {@link
 * ReestimateSchedule#VERIFY_STEPS} of them, not an epoch later. A real BN MLP (8,192 examples,
 * initial size 16) with exact gradient statistics far below their noise (B_noise 10^6: the larger
 * the better up to the bound of 256) and one step time for probes and training alike, {@code 2 ms +
 * 0.01 ms x B}; the budget holds the timings up to 64.
 */
class GoodputPickVerificationTest {

  private static final int EXAMPLES = 8192;

  @TempDir Path out;

  private static double step(int b) {
    return 0.002 + 1e-5 * b;
  }

  /** Probes report {@link #step} and move {@code ticker} by it, as a real clock would. */
  private static UnaryOperator<ProbeRunner> simulatedOn(FakeTicker ticker) {
    return real ->
        (b, steps) -> {
          real.run(b, steps);
          double[] seconds = new double[steps];
          Arrays.fill(seconds, step(b));
          ticker.advance(steps * step(b));
          return seconds;
        };
  }

  private static GoodputOptimizer adaptive(int everyEpochs, FakeTicker ticker, double budget) {
    return adaptive(everyEpochs, ticker, budget, 1e6);
  }

  private static GoodputOptimizer adaptive(
      int everyEpochs, FakeTicker ticker, double budget, double noiseScale) {
    return goodput(LrRule.SQRT, everyEpochs, 256)
        .strategy(fewShortWindows().withNoiseSource(new SimulatedNoise(1, noiseScale, 0, 1)))
        .settings(settings(Budget.fixedSeconds(budget), ticker, 256))
        .probeRunnerDecorator(simulatedOn(ticker))
        .build();
  }

  /** Trains with training's steps taking {@link #step} of the size on {@code ticker}. */
  private static Run train(Path out, GoodputOptimizer goodput, FakeTicker ticker, int epochs) {
    Run r = run(EXAMPLES, IntervalTrigger.epochs(epochs), out, goodput, null);
    r.trainer()
        .extend(
            Extensions.builder("clock", t -> ticker.advance(step(r.iterator().getBatchSize())))
                .build());
    return r;
  }

  @Test
  void aPickPastTheTimedSizesIsCheckedByTrainingWithinTheEpochAndStepsOnToTheBound() {
    FakeTicker ticker = new FakeTicker();
    GoodputOptimizer goodput = adaptive(1, ticker, 0.06);
    Run r = train(out, goodput, ticker, 2);

    r.trainer().run();

    List<GoodputEstimate> history = goodput.history();
    int first = history.get(0).batchSize();
    assertThat(first).as("the first search's pick").isGreaterThan(32).isLessThan(256);
    // Checked within epoch 0, each pick after training's twenty steps at it, up to the bound: no
    // pick waits for the epoch boundary.
    List<GoodputEstimate> checks =
        history.stream().filter(e -> e.epoch() == 0 && e.iteration() > 0).toList();
    assertThat(checks).isNotEmpty();
    assertThat(checks.get(checks.size() - 1).batchSize()).isEqualTo(256);
    assertThat(checks.get(0).iteration()).isEqualTo(ReestimateSchedule.VERIFY_STEPS + 1);
    // The checks timed nothing: the first pick and every size past it are training's own times.
    assertThat(goodput.stepTimes())
        .filteredOn(p -> p.batchSize() >= first)
        .allMatch(StepTime::fromTraining, "timed by training");
    double probed = goodput.results().get(0).probeSeconds();
    assertThat(goodput.results().subList(1, checks.size() + 1))
        .allMatch(res -> res.probeSeconds() < 0.01 * probed + 1e-3, "no probing");
  }

  @Test
  void aCheckedPickIsKeptWhenTheArgmaxPastItPromisesLessThanTheSmallestGainThatCounts() {
    // B_noise 100 puts the optimum near 141 (the square root of 100 x 2 ms / 0.01 ms), past the
    // first search's one growth step from 64; once training has timed 128, 141 promises 0.24 %
    // more goodput than 128: not worth a move and a new learning rate.
    FakeTicker ticker = new FakeTicker();
    GoodputOptimizer goodput = adaptive(1, ticker, 0.03, 100);
    Run r = train(out, goodput, ticker, 1);

    r.trainer().run();

    assertThat(goodput.history()).extracting(GoodputEstimate::batchSize).containsExactly(128, 128);
    assertThat(goodput.results().get(1).detail())
        .startsWith("kept 128: the model predicts 141 only 0.2 % more goodput (a move needs 2 %)");
  }

  /**
   * With 10 s the first search times its way to the bound; one-shot with 0.06 s extrapolates but
   * searches only once.
   */
  @ParameterizedTest(name = "budget {0} s, every {1} epochs")
  @CsvSource({"10, 1", "0.06, 0"})
  void aPickAmongTheTimedSizesOrAOneShotRunsIsNeverCheckedMidEpoch(double budget, int everyEpochs) {
    FakeTicker ticker = new FakeTicker();
    GoodputOptimizer goodput = adaptive(everyEpochs, ticker, budget);
    Run r = train(out, goodput, ticker, 2);

    r.trainer().run();

    assertThat(goodput.history())
        .filteredOn(e -> e.iteration() > 0)
        .allMatch(e -> e.epoch() > 0, "at an epoch boundary");
  }

  @Test
  void aPickBetweenTimedSizesRestsOnTheLineThroughThemAndIsNotChecked() {
    // B_noise 200 puts the optimum at 200 (the square root of B_noise x 2 ms / 0.01 ms), which the
    // first search times; from epoch 1 the statistics say 50, and the smoothed scale puts the
    // optimum between the timed 128 and 200.
    SimulatedNoise before = new SimulatedNoise(1, 200, 0, 1);
    SimulatedNoise after = new SimulatedNoise(1, 50, 0, 1);
    int[] calls = {0};
    FakeTicker ticker = new FakeTicker();
    GoodputOptimizer goodput =
        goodput(LrRule.SQRT, 1, 256)
            .strategy(
                fewShortWindows()
                    .withNoiseSource(
                        (b, shards) ->
                            calls[0]++ < 4
                                ? before.estimate(b, shards)
                                : after.estimate(b, shards)))
            .settings(settings(Budget.fixedSeconds(10), ticker, 256))
            .probeRunnerDecorator(simulatedOn(ticker))
            .build();
    Run r = train(out, goodput, ticker, 3);

    r.trainer().run();

    List<GoodputEstimate> history = goodput.history();
    assertThat(history.get(0).batchSize()).isEqualTo(200);
    assertThat(history.get(1).batchSize()).isBetween(129, 199);
    // Before training and at the boundaries after epochs 1 and 2: no check in between.
    assertThat(history).extracting(GoodputEstimate::epoch).containsExactly(0, 1, 2);
  }

  /** A run of {@code budget} seconds uninterrupted, and the same resumed from its iteration 10. */
  private record Resumed(GoodputOptimizer whole, Run w, GoodputOptimizer resumed, Run r) {}

  private Resumed resumedAt10(double budget) {
    FakeTicker wholeClock = new FakeTicker();
    GoodputOptimizer whole = adaptive(1, wholeClock, budget);
    Run w = train(out.resolve("whole"), whole, wholeClock, 2);
    StateTree[] state = snapshotOnceAt(w, 10);
    w.trainer().run();

    FakeTicker resumedClock = new FakeTicker(); // a new process's clock
    GoodputOptimizer resumed = adaptive(1, resumedClock, budget);
    Run r = train(out.resolve("resumed"), resumed, resumedClock, 2);
    r.trainer().loadState(state[0]);
    r.trainer().run();
    return new Resumed(whole, w, resumed, r);
  }

  @Test
  void aRunResumedBetweenAPickAndItsCheckChecksAtTheSameStepAndContinuesExactly() {
    Resumed run = resumedAt10(0.06);

    assertThat(run.whole().history())
        .filteredOn(e -> e.epoch() == 0 && e.iteration() > 0)
        .isNotEmpty();
    assertThat(run.resumed().history()).isEqualTo(run.whole().history());
    assertThat(run.r().model().params().toDoubleVector())
        .containsExactly(run.w().model().params().toDoubleVector());
  }

  @Test
  void aRunResumedBeforeTrainingHeldAPickToTheProbesLineHoldsItAtTheSameStep() {
    // With 10 s the first search times its way to the bound: a pick the probes alone placed, held
    // to their line at step 21 without a search.
    Resumed run = resumedAt10(10);

    assertThat(run.whole().history()).filteredOn(e -> e.epoch() == 0).hasSize(1);
    assertThat(run.resumed().history()).isEqualTo(run.whole().history());
  }
}
