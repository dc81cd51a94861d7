package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trainer4j.extensions.minibatch.GoodputRuns.fewShortWindows;
import static org.trainer4j.extensions.minibatch.GoodputRuns.onClock;
import static org.trainer4j.extensions.minibatch.GoodputRuns.probesOn;
import static org.trainer4j.extensions.minibatch.GoodputRuns.run;
import static org.trainer4j.extensions.minibatch.GoodputRuns.settings;
import static org.trainer4j.extensions.minibatch.GoodputRuns.snapshotOnceAt;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.minibatch.GoodputRuns.Run;
import org.trainer4j.extensions.minibatch.goodput.GoodputEstimate;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * A goodput run that starts training at once ({@code searchBeforeTraining(false)}): its first
 * search comes once training has timed the start size, and reuses that time instead of probing it.
 * A real BN MLP (8,192 examples, initial size 16, two epochs), B_noise 10^6 (the larger the better
 * up to 256), a true step of {@code 2 ms + 0.01 ms x B} for training and probes alike; the budget
 * is 2.4 % of the planned training with no floor, so no warm-up is counted.
 */
class GoodputSearchDuringTrainingTest {

  private static final Budget BUDGET = new Budget(0.024, 0, Double.POSITIVE_INFINITY);

  /** The iteration the first search runs at: after {@link ReestimateSchedule#VERIFY_STEPS}. */
  private static final long FIRST_SEARCH = ReestimateSchedule.VERIFY_STEPS + 1;

  @TempDir Path out;

  private static double step(int b) {
    return 0.002 + 1e-5 * b;
  }

  private static GoodputOptimizer goodput(int everyEpochs, boolean before, FakeTicker ticker) {
    return GoodputRuns.goodput(LrRule.SQRT, everyEpochs, 256)
        .strategy(fewShortWindows().withNoiseSource(new SimulatedNoise(1, 1e6, 0, 1)))
        .settings(settings(BUDGET, ticker, 256))
        .probeRunnerDecorator(probesOn(ticker, GoodputSearchDuringTrainingTest::step))
        .searchBeforeTraining(before)
        .build();
  }

  /** Two epochs in {@code dir}, training's steps taking {@link #step} on {@code ticker}. */
  private static Run twoEpochs(Path dir, GoodputOptimizer goodput, FakeTicker ticker) {
    return onClock(
        run(8192, IntervalTrigger.epochs(2), dir, goodput, null),
        GoodputSearchDuringTrainingTest::step,
        ticker);
  }

  private GoodputOptimizer trained(Path dir, int everyEpochs, boolean before) {
    FakeTicker ticker = new FakeTicker();
    GoodputOptimizer goodput = goodput(everyEpochs, before, ticker);
    twoEpochs(dir, goodput, ticker).trainer().run();
    return goodput;
  }

  @Test
  void theFirstSearchComesOnceTrainingHasTimedTheStartSizeAndDoesNotProbeIt() {
    FakeTicker ticker = new FakeTicker();
    GoodputOptimizer goodput = goodput(1, false, ticker);
    Run r = twoEpochs(out, goodput, ticker);
    r.trainer().run();

    GoodputEstimate first = goodput.history().get(0);
    assertThat(first.iteration()).isEqualTo(FIRST_SEARCH);
    assertThat(first.batchSize()).isGreaterThan(16);
    // Every update before it trained at the start size: nothing was probed before training.
    assertThat(r.seen().subList(0, (int) FIRST_SEARCH))
        .allSatisfy(update -> assertThat(update[2]).isEqualTo(16));
    SearchResult search = goodput.results().get(0);
    assertThat(search.steps()).isNotEmpty().noneMatch(s -> s.batchSize() == 16);
    assertThat(search.detail()).as("training's time at 16 is on the line").contains("t(B) =");
  }

  @Test
  void itProbesLessThanTheSameSearchBeforeTrainingWhichTimesTheStartSizeOnACopy() {
    GoodputOptimizer during = trained(out.resolve("during"), 1, false);
    GoodputOptimizer before = trained(out.resolve("before"), 1, true);

    assertThat(before.results().get(0).steps()).anyMatch(s -> s.batchSize() == 16);
    assertThat(during.results().get(0).probeSeconds())
        .isLessThan(before.results().get(0).probeSeconds());
  }

  @Test
  void aOneShotRunWaitsTooAndSearchesExactlyOnce() {
    GoodputOptimizer oneShot = trained(out, 0, false);

    assertThat(oneShot.results()).hasSize(1);
    assertThat(oneShot.history()).hasSize(1);
    assertThat(oneShot.history().get(0).iteration()).isEqualTo(FIRST_SEARCH);
    assertThat(oneShot.batchSize()).isGreaterThan(16);
  }

  @Test
  void aRunResumedBeforeTheFirstSearchSearchesAtTheSameStepAndContinuesExactly() {
    FakeTicker wholeClock = new FakeTicker();
    GoodputOptimizer whole = goodput(1, false, wholeClock);
    Run w = twoEpochs(out.resolve("whole"), whole, wholeClock);
    StateTree[] state = snapshotOnceAt(w, 10);
    w.trainer().run();

    FakeTicker resumedClock = new FakeTicker(); // a new process's clock
    GoodputOptimizer resumed = goodput(1, false, resumedClock);
    Run r = twoEpochs(out.resolve("resumed"), resumed, resumedClock);
    r.trainer().loadState(state[0]);
    r.trainer().run();

    assertThat(whole.history().get(0).iteration()).isEqualTo(FIRST_SEARCH);
    assertThat(resumed.history()).isEqualTo(whole.history());
    assertThat(r.model().params().toDoubleVector())
        .containsExactly(w.model().params().toDoubleVector());
  }
}
