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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.minibatch.GoodputRuns.Run;
import org.trainer4j.extensions.minibatch.goodput.GoodputEstimate;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * An adaptive run whose search before training spent its share of the budget timing the start size
 * and the size above, the second slow (as right after the JVM started), and had no room left for a
 * gradient noise estimate: alone it keeps the start size for the whole first epoch. A real BN MLP
 * (8,192 examples, initial size 16, two epochs), B_noise 10^6 (the larger the better up to 256), a
 * true step of {@code 2 ms + 0.01 ms x B}; the probe of 32 takes twice 16's step. The budget is 2.4
 * % of the planned training with no floor, so no warm-up is counted.
 */
class GoodputRetryWithoutStatisticsTest {

  private static final Budget BUDGET = new Budget(0.024, 0, Double.POSITIVE_INFINITY);

  @TempDir Path out;

  private static double step(int b) {
    return 0.002 + 1e-5 * b;
  }

  private static GoodputOptimizer goodputEvery(int everyEpochs, FakeTicker ticker) {
    return goodputEvery(everyEpochs, ticker, BUDGET);
  }

  private static GoodputOptimizer goodputEvery(int everyEpochs, FakeTicker ticker, Budget budget) {
    return goodput(LrRule.SQRT, everyEpochs, 256)
        .strategy(fewShortWindows().withNoiseSource(new SimulatedNoise(1, 1e6, 0, 1)))
        .settings(settings(budget, ticker, 256))
        .probeRunnerDecorator(probesOn(ticker, slowAt32(GoodputRetryWithoutStatisticsTest::step)))
        .build();
  }

  /** Two epochs in {@code dir}, training's steps taking {@link #step} on {@code ticker}. */
  private static Run twoEpochs(Path dir, GoodputOptimizer goodput, FakeTicker ticker) {
    return onClock(
        run(8192, IntervalTrigger.epochs(2), dir, goodput, null),
        GoodputRetryWithoutStatisticsTest::step,
        ticker);
  }

  private GoodputOptimizer trained(int everyEpochs) {
    FakeTicker ticker = new FakeTicker();
    GoodputOptimizer goodput = goodputEvery(everyEpochs, ticker);
    twoEpochs(out, goodput, ticker).trainer().run();
    return goodput;
  }

  @Test
  void aSearchWithNoRoomForANoiseEstimateIsRetriedWithBudgetAfterTwentyStepsNotAnEpochLater() {
    GoodputOptimizer goodput = trained(1);

    assertThat(goodput.results().get(0).detail())
        .startsWith("no gradient noise estimate fits the budget")
        .endsWith("kept 16");
    // The retry has its share of what is left and training's step time at 16: it estimates the
    // noise, times what it needs and leaves 16 within the first epoch.
    GoodputEstimate retry = goodput.history().get(0);
    assertThat(retry.epoch()).isZero();
    assertThat(retry.iteration()).isEqualTo(ReestimateSchedule.VERIFY_STEPS + 1);
    assertThat(retry.batchSize()).as("a trial past the timed 64").isEqualTo(128);
    assertThat(goodput.results().get(1).probeSeconds()).isPositive();
    assertThat(goodput.batchSize()).isEqualTo(256);
  }

  @Test
  void theRetryComesOnceAndOnlyInAdaptiveMode() {
    // Half the budget: a one-shot search has what the adaptive one had above, and no estimate fits.
    Budget starved = new Budget(0.012, 0, Double.POSITIVE_INFINITY);
    FakeTicker oneShotClock = new FakeTicker();
    GoodputOptimizer oneShot = goodputEvery(0, oneShotClock, starved);
    twoEpochs(out.resolve("one-shot"), oneShot, oneShotClock).trainer().run();
    FakeTicker adaptiveClock = new FakeTicker();
    GoodputOptimizer adaptive = goodputEvery(1, adaptiveClock, starved);
    twoEpochs(out.resolve("adaptive"), adaptive, adaptiveClock).trainer().run();

    assertThat(oneShot.results()).hasSize(1);
    assertThat(oneShot.results().get(0).detail())
        .startsWith("no gradient noise estimate fits the budget");
    // With nothing left for the retry's estimate it keeps 16 too, and no further retry follows.
    assertThat(adaptive.results())
        .extracting(SearchResult::detail)
        .allMatch(d -> d.startsWith("no gradient noise estimate fits the budget"))
        .hasSize(3); // before training, the retry at step 21, the epoch-1 re-estimate
    assertThat(adaptive.batchSize()).isEqualTo(16);
  }

  @Test
  void aRunResumedBeforeTheRetryRetriesAtTheSameStepAndContinuesExactly() {
    FakeTicker wholeClock = new FakeTicker();
    GoodputOptimizer whole = goodputEvery(1, wholeClock);
    Run w = twoEpochs(out.resolve("whole"), whole, wholeClock);
    StateTree[] state = snapshotOnceAt(w, 10);
    w.trainer().run();

    FakeTicker resumedClock = new FakeTicker(); // a new process's clock
    GoodputOptimizer resumed = goodputEvery(1, resumedClock);
    Run r = twoEpochs(out.resolve("resumed"), resumed, resumedClock);
    r.trainer().loadState(state[0]);
    r.trainer().run();

    assertThat(whole.history().get(0).iteration()).isEqualTo(ReestimateSchedule.VERIFY_STEPS + 1);
    assertThat(resumed.history()).isEqualTo(whole.history());
    assertThat(r.model().params().toDoubleVector())
        .containsExactly(w.model().params().toDoubleVector());
  }
}
