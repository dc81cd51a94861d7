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
 * An adaptive run whose first search timed the size above its start slow, as one slow timing right
 * after the JVM started does: the two timed sizes lie on a line with no fixed cost, the budget
 * allows no third, and the search alone would keep the start for an epoch. A real BN MLP (8,192
 * examples, initial size 16), gradient statistics far below their noise (B_noise 10^6: the larger
 * the better up to 256), a true step of {@code 2 ms + 0.01 ms x B}; the probe of 32 takes twice
 * 16's step, training's steps the true ones.
 */
class GoodputUndecidedTrialTest {

  private static final int EXAMPLES = 8192;

  @TempDir Path out;

  private static double step(int b) {
    return 0.002 + 1e-5 * b;
  }

  /**
   * A run of two epochs whose training steps take {@code training} of the size and whose probes
   * {@code slowAt32} of it; the budget times 16 and 32 and makes the noise estimates (an adaptive
   * run's first search takes half of it).
   */
  private GoodputOptimizer train(int everyEpochs, IntToDoubleFunction training) {
    return train(everyEpochs, training, everyEpochs == 0 ? 0.03 : 0.06);
  }

  private GoodputOptimizer train(int everyEpochs, IntToDoubleFunction training, double budget) {
    return train(everyEpochs, training, slowAt32(training), budget, 1e6);
  }

  private GoodputOptimizer train(
      int everyEpochs,
      IntToDoubleFunction training,
      IntToDoubleFunction probes,
      double budget,
      double noiseScale) {
    FakeTicker ticker = new FakeTicker();
    GoodputOptimizer goodput =
        goodput(LrRule.SQRT, everyEpochs, 256)
            .strategy(fewShortWindows().withNoiseSource(new SimulatedNoise(1, noiseScale, 0, 1)))
            .settings(settings(Budget.fixedSeconds(budget), ticker, 256))
            .probeRunnerDecorator(probesOn(ticker, probes))
            .build();
    onClock(run(EXAMPLES, IntervalTrigger.epochs(2), out, goodput, null), training, ticker)
        .trainer()
        .run();
    return goodput;
  }

  private static GoodputOptimizer adaptive(
      int everyEpochs, IntToDoubleFunction training, double budget, FakeTicker ticker) {
    return goodput(LrRule.SQRT, everyEpochs, 256)
        .strategy(fewShortWindows().withNoiseSource(new SimulatedNoise(1, 1e6, 0, 1)))
        .settings(settings(Budget.fixedSeconds(budget), ticker, 256))
        .probeRunnerDecorator(probesOn(ticker, slowAt32(training)))
        .build();
  }

  /** Two epochs in {@code dir} with training's steps taking {@link #step} of the size. */
  private static Run trueSteps(Path dir, GoodputOptimizer goodput, FakeTicker ticker) {
    return onClock(
        run(EXAMPLES, IntervalTrigger.epochs(2), dir, goodput, null),
        GoodputUndecidedTrialTest::step,
        ticker);
  }

  /**
   * {@link #step}, except that training's first {@code slowSteps} steps past 16 take the probes'
   * time of 32 per example, as a JVM's first seconds do.
   */
  private static IntToDoubleFunction slowStart(int slowSteps) {
    int[] pastStart = {0};
    return b -> {
      if (b == 16 || pastStart[0]++ >= slowSteps) {
        return step(b);
      }
      return b * step(16) / 16;
    };
  }

  @Test
  void anUndecidedFirstSearchTriesTheLargerSizeAndTrainingsTimingStepsOnWithinTheEpoch() {
    GoodputOptimizer goodput = train(1, GoodputUndecidedTrialTest::step);

    SearchResult first = goodput.results().get(0);
    assertThat(first.detail()).startsWith("undecided between 16 and 32: training tries 32");
    List<GoodputEstimate> history = goodput.history();
    assertThat(history.get(0).batchSize()).isEqualTo(32);
    // Training's step at 32 gives the line its fixed cost: the trial checked after a hundred
    // steps, each pick past it after twenty, the run steps on to the bound within the first epoch,
    // timing nothing (the search alone kept 16).
    List<GoodputEstimate> checks =
        history.stream().filter(e -> e.epoch() == 0 && e.iteration() > 0).toList();
    assertThat(checks.get(0).iteration()).isEqualTo(ReestimateSchedule.TRIAL_STEPS + 1);
    assertThat(checks).extracting(GoodputEstimate::batchSize).containsExactly(64, 128, 256);
    assertThat(goodput.results().subList(1, 4))
        .allMatch(res -> res.probeSeconds() < 1e-3, "no probing");
  }

  @Test
  void aTrialOutlastsASlowStartOfTrainingAtTheTrialSize() {
    // Training's first 40 steps at 32 as slow per example as 16's: twenty steps of them made the
    // line flat again and sent the run back to 16 for good.
    GoodputOptimizer goodput = train(1, slowStart(40));

    assertThat(goodput.history().get(0).batchSize()).isEqualTo(32);
    assertThat(goodput.history())
        .filteredOn(e -> e.epoch() == 0)
        .extracting(GoodputEstimate::batchSize)
        .doesNotContain(16)
        .contains(128);
  }

  @Test
  void aRunResumedBetweenATrialAndItsCheckChecksAtTheSameStepAndContinuesExactly() {
    FakeTicker wholeClock = new FakeTicker();
    GoodputOptimizer whole = adaptive(1, GoodputUndecidedTrialTest::step, 0.06, wholeClock);
    Run w = trueSteps(out.resolve("whole"), whole, wholeClock);
    StateTree[] state = snapshotOnceAt(w, 50);
    w.trainer().run();

    FakeTicker resumedClock = new FakeTicker(); // a new process's clock
    GoodputOptimizer resumed = adaptive(1, GoodputUndecidedTrialTest::step, 0.06, resumedClock);
    Run r = trueSteps(out.resolve("resumed"), resumed, resumedClock);
    r.trainer().loadState(state[0]);
    r.trainer().run();

    assertThat(whole.history().get(1).iteration()).isEqualTo(ReestimateSchedule.TRIAL_STEPS + 1);
    assertThat(resumed.history()).isEqualTo(whole.history());
    assertThat(r.model().params().toDoubleVector())
        .containsExactly(w.model().params().toDoubleVector());
  }

  @Test
  void aTrialOnATrulyFlatLineGoesBackOnceAndStays() {
    // No fixed cost at all: larger sizes are no faster per example, and 16 is best.
    GoodputOptimizer goodput = train(1, b -> 1.35e-4 * b);

    // Back at 16, which training had not timed, its step is checked once and agrees.
    assertThat(goodput.history())
        .filteredOn(e -> e.epoch() == 0)
        .extracting(GoodputEstimate::batchSize)
        .containsExactly(32, 16, 16);
    assertThat(goodput.batchSize()).isEqualTo(16);
  }

  @Test
  void aPickThatOnlyTheProbesLineShapedIsTriedOneStepLargerAndTrainingsOwnLineDecides() {
    // The probes' times grow nearly in proportion to the size, 4x training's slope (0.5 ms + 0.04
    // ms x B), as a first search's did beside other work; with B_noise 600 that line puts the
    // optimum near 87, training's true one (2 ms + 0.01 ms x B) near 346, past the bound of 256.
    // Scaled to training's one step time at the pick, the probes' shape alone kept the pick.
    GoodputOptimizer goodput = probesOff(4e-5, 600);
    List<GoodputEstimate> history = goodput.history();
    int first = history.get(0).batchSize();
    assertThat(first).as("the first search's pick, on the probes' line").isBetween(64, 128);
    // Training timed the pick (past the sizes the search timed) after twenty steps; the line
    // through the probes missed it by more than 20 %, so training tries one growth step larger.
    assertTriedTwiceTheFirstPickAtItsCheck(goodput);
    // Training's own two sizes give the line its fixed cost: the next search (here at the epoch's
    // end, before the trial's hundred steps) drops the probes and steps on to the bound.
    assertThat(history.get(2).batchSize()).isEqualTo(256);
    assertThat(goodput.results().get(2).detail()).contains("dropped the earlier probes");
    assertThat(goodput.batchSize()).isEqualTo(256);
  }

  @Test
  void aFirstPickBetweenTheProbesIsHeldToTrainingsStepTimeAndTriedLargerWhenTheyDisagree() {
    // Probes at 0.5 ms + 0.03 ms x B and B_noise 64 put the optimum near 33, between the timed
    // sizes; training's true line near 113. Unchecked, the run trained at 33 until the epoch ended.
    GoodputOptimizer goodput = probesOff(3e-5, 64);
    List<GoodputEstimate> history = goodput.history();
    assertThat(goodput.results().get(0).detail()).contains("argmax within the measured sizes");
    assertTriedTwiceTheFirstPickAtItsCheck(goodput);
    assertThat(history.get(2).iteration())
        .isEqualTo(ReestimateSchedule.VERIFY_STEPS + ReestimateSchedule.TRIAL_STEPS + 2);
    assertThat(history.get(2).batchSize()).isBetween(96, 128);
  }

  /**
   * An adaptive run whose training steps take {@link #step} and whose probes 0.5 ms + {@code
   * perExample} x B, under B_noise {@code noiseScale}.
   */
  private GoodputOptimizer probesOff(double perExample, double noiseScale) {
    return train(
        1, GoodputUndecidedTrialTest::step, b -> 0.0005 + perExample * b, 0.06, noiseScale);
  }

  /** The check after twenty steps found training off the probes' line and tried twice the pick. */
  private static void assertTriedTwiceTheFirstPickAtItsCheck(GoodputOptimizer goodput) {
    int first = goodput.history().get(0).batchSize();
    GoodputEstimate check = goodput.history().get(1);
    assertThat(check.iteration()).isEqualTo(ReestimateSchedule.VERIFY_STEPS + 1);
    assertThat(check.batchSize()).as("the trial").isEqualTo(2 * first);
    assertThat(goodput.results().get(1).detail())
        .startsWith("training's step at " + first + " is ")
        .contains("off the line through the probes");
  }

  @Test
  void aOneShotRunHasNoCheckAndKeepsWhatItsSearchDecided() {
    GoodputOptimizer goodput = train(0, GoodputUndecidedTrialTest::step);

    assertThat(goodput.results()).hasSize(1);
    assertThat(goodput.results().get(0).detail()).as("undecided").contains("0.00 s + ");
    assertThat(goodput.batchSize()).isEqualTo(16);
  }
}
