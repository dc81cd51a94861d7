package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trainer4j.extensions.minibatch.GoodputRuns.fewShortWindows;
import static org.trainer4j.extensions.minibatch.GoodputRuns.goodput;
import static org.trainer4j.extensions.minibatch.GoodputRuns.onClock;
import static org.trainer4j.extensions.minibatch.GoodputRuns.probesOn;
import static org.trainer4j.extensions.minibatch.GoodputRuns.run;
import static org.trainer4j.extensions.minibatch.GoodputRuns.settings;
import static org.trainer4j.extensions.minibatch.GoodputRuns.slowAt32;
import static org.trainer4j.extensions.minibatch.GoodputRuns.snapshotOnceAt;

import java.nio.file.Path;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.minibatch.GoodputRuns.Run;
import org.trainer4j.extensions.minibatch.goodput.GoodputEstimate;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * An adaptive run whose trial of the size above its start ran slow, as a trial in the JVM's first
 * seconds does, and went back to the start: training's time at the larger size, 1.4x the start's
 * per example, then stays in the step times while the start's own is fresh. A real BN MLP (8,192
 * examples, initial size 16, three epochs), B_noise 10^6 (the larger the better up to 256), a true
 * step of {@code 2 ms + 0.01 ms x B}; the probe of 32 takes twice 16's step.
 */
class GoodputStaleTrainingTimeTest {

  private static final int EXAMPLES = 8192;

  @TempDir Path out;

  private static double step(int b) {
    return 0.002 + 1e-5 * b;
  }

  /**
   * {@link #step}, except that the first {@code slowSteps} steps training takes at 32 take {@code
   * factor} times as long (the trial's hundred steps, when {@code slowSteps} is 100).
   */
  private static IntToDoubleFunction slowFirstStepsAt32(int slowSteps, double factor) {
    int[] at32 = {0};
    return b -> b == 32 && at32[0]++ < slowSteps ? factor * step(b) : step(b);
  }

  private static GoodputOptimizer adaptive(FakeTicker ticker) {
    return goodput(LrRule.SQRT, 1, 256)
        .strategy(fewShortWindows().withNoiseSource(new SimulatedNoise(1, 1e6, 0, 1)))
        .settings(settings(Budget.fixedSeconds(0.06), ticker, 256))
        .probeRunnerDecorator(probesOn(ticker, slowAt32(GoodputStaleTrainingTimeTest::step)))
        .build();
  }

  /** Three epochs in {@code dir}, training's steps taking {@code training} on {@code ticker}. */
  private static Run threeEpochs(
      Path dir, IntToDoubleFunction training, FakeTicker ticker, GoodputOptimizer goodput) {
    return onClock(run(EXAMPLES, IntervalTrigger.epochs(3), dir, goodput, null), training, ticker);
  }

  private GoodputOptimizer trained(IntToDoubleFunction training) {
    FakeTicker ticker = new FakeTicker();
    GoodputOptimizer goodput = adaptive(ticker);
    threeEpochs(out, training, ticker, goodput).trainer().run();
    return goodput;
  }

  @Test
  void aLargerSizeWhoseTrainingTimeLooksStaleIsTriedAgainOnceAndTrainingSteppingOnDecides() {
    // The trial's hundred steps at 32 take 2.6x their true time: 1.4x 16's time per example.
    GoodputOptimizer goodput = trained(slowFirstStepsAt32(100, 2.6));
    List<GoodputEstimate> history = goodput.history();

    assertThat(goodput.results().get(0).detail()).startsWith("undecided between 16 and 32");
    GoodputEstimate back = history.get(1);
    assertThat(back.batchSize()).as("back from the slow trial").isEqualTo(16);
    // Training had not timed 16: its step there, timed for a trial's hundred steps, is checked
    // within the epoch, and 32's old time is seen to be stale there, not an epoch later.
    GoodputEstimate retrial = history.get(2);
    assertThat(retrial.epoch()).as("%s", history).isEqualTo(0);
    assertThat(retrial.iteration())
        .isEqualTo(back.iteration() + ReestimateSchedule.TRIAL_STEPS + 1);
    assertThat(retrial.batchSize()).isEqualTo(32);
    assertThat(goodput.results().get(2).detail())
        .startsWith("training's step at 32, timed earlier, is 1.40x")
        .contains("x its step at 16 per example");
    // Timed again at its true speed, 32 is faster per example, and the run steps on.
    assertThat(goodput.batchSize()).isGreaterThanOrEqualTo(128);
  }

  @Test
  void aSizeTrulyThatMuchSlowerPerExampleIsTriedAgainOnlyOnce() {
    // Every step at 32 takes 2.6x its time: 32 is truly 1.4x slower per example than 16.
    GoodputOptimizer goodput = trained(slowFirstStepsAt32(Integer.MAX_VALUE, 2.6));

    List<Integer> sizes = goodput.history().stream().map(GoodputEstimate::batchSize).toList();
    assertThat(sizes.stream().filter(s -> s == 32).count())
        .as("the first trial and one retrial: %s", sizes)
        .isEqualTo(2);
    assertThat(goodput.batchSize()).isEqualTo(16);
  }

  @Test
  void aRunResumedBetweenTheStepBackAndItsCheckChecksAtTheSameStepAndContinuesExactly() {
    IntToDoubleFunction truth = slowFirstStepsAt32(100, 2.6);
    FakeTicker wholeClock = new FakeTicker();
    GoodputOptimizer whole = adaptive(wholeClock);
    Run w = threeEpochs(out.resolve("whole"), truth, wholeClock, whole);
    // The trial's check (and the step back to 16) comes at step 101, the step back's at 202.
    StateTree[] state = snapshotOnceAt(w, 150);
    w.trainer().run();

    FakeTicker resumedClock = new FakeTicker();
    GoodputOptimizer resumed = adaptive(resumedClock);
    Run r = threeEpochs(out.resolve("resumed"), slowFirstStepsAt32(0, 1), resumedClock, resumed);
    r.trainer().loadState(state[0]);
    r.trainer().run();

    assertThat(whole.history().get(1).iteration()).isLessThan(150);
    assertThat(whole.history().get(2).iteration()).isGreaterThan(150);
    assertThat(resumed.history()).isEqualTo(whole.history());
    assertThat(r.model().params().toDoubleVector())
        .containsExactly(w.model().params().toDoubleVector());
  }

  @Test
  void aResumedRunRemembersTheSizeItTriedAgain() {
    // Snapshot after the retrial began, resumed in a new process: the retrial is not repeated.
    IntToDoubleFunction truth = slowFirstStepsAt32(Integer.MAX_VALUE, 2.6);
    FakeTicker wholeClock = new FakeTicker();
    GoodputOptimizer whole = adaptive(wholeClock);
    Run w = threeEpochs(out.resolve("whole"), truth, wholeClock, whole);
    StateTree[] state = snapshotOnceAt(w, EXAMPLES / 16 + 150);
    w.trainer().run();

    FakeTicker resumedClock = new FakeTicker(); // a new process's clock
    GoodputOptimizer resumed = adaptive(resumedClock);
    Run r =
        threeEpochs(
            out.resolve("resumed"),
            slowFirstStepsAt32(Integer.MAX_VALUE, 2.6),
            resumedClock,
            resumed);
    r.trainer().loadState(state[0]);
    r.trainer().run();

    assertThat(resumed.history()).isEqualTo(whole.history());
    assertThat(r.model().params().toDoubleVector())
        .containsExactly(w.model().params().toDoubleVector());
  }
}
