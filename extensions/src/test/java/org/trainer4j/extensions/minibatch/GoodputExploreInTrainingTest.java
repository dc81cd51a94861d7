package org.trainer4j.extensions.minibatch;

import static java.nio.file.Files.readString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.trainer4j.extensions.minibatch.GoodputRuns.fewShortWindows;
import static org.trainer4j.extensions.minibatch.GoodputRuns.goodput;
import static org.trainer4j.extensions.minibatch.GoodputRuns.onClock;
import static org.trainer4j.extensions.minibatch.GoodputRuns.probesOn;
import static org.trainer4j.extensions.minibatch.GoodputRuns.run;
import static org.trainer4j.extensions.minibatch.GoodputRuns.settings;
import static org.trainer4j.extensions.minibatch.GoodputRuns.snapshotOnceAt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trainer4j.extensions.minibatch.GoodputRuns.Run;
import org.trainer4j.extensions.minibatch.goodput.GoodputEstimate;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * An adaptive run whose sizes training times ({@link GoodputOptimizer.Builder#exploreInTraining}):
 * a real BN MLP (8,192 examples, initial size 16), simulated gradient statistics and training steps
 * of {@code 2 ms + 0.01 ms x B} on a fake clock. Every run on a copy is recorded.
 */
class GoodputExploreInTrainingTest {

  private static final int EXAMPLES = 8192;

  @TempDir Path out;

  /** Every run on a copy: its size and steps. */
  private final List<int[]> copyRuns = new ArrayList<>();

  private static double step(int b) {
    return 0.002 + 1e-5 * b;
  }

  private GoodputOptimizer exploring(FakeTicker ticker, double noiseScale) {
    return exploring(ticker, noiseScale, Integer.MAX_VALUE);
  }

  /** As above, a copy's step above {@code fitsUpTo} failing as DL4J's allocator does. */
  private GoodputOptimizer exploring(FakeTicker ticker, double noiseScale, int fitsUpTo) {
    UnaryOperator<ProbeRunner> onTheClock = probesOn(ticker, GoodputExploreInTrainingTest::step);
    return goodput(LrRule.SQRT, 1, 256)
        .strategy(fewShortWindows().withNoiseSource(new SimulatedNoise(1, noiseScale, 0, 1)))
        .settings(settings(Budget.fixedSeconds(0.06), ticker, 256))
        .probeRunnerDecorator(
            real -> {
              ProbeRunner timed = onTheClock.apply(real);
              return (b, steps) -> {
                copyRuns.add(new int[] {b, steps});
                if (b > fitsUpTo) {
                  throw new RuntimeException("Failed to allocate " + b * 1_000_000L + " bytes");
                }
                return timed.run(b, steps);
              };
            })
        .exploreInTraining(true)
        .writeFiles(true)
        .build();
  }

  /** No size timed on a copy: one step at each size training grows to, for memory, and no more. */
  private void assertNothingTimedOnCopies() {
    assertThat(copyRuns).allMatch(r -> r[1] == 1, "single steps");
    assertThat(copyRuns.stream().map(r -> r[0])).doesNotHaveDuplicates();
  }

  private Run twoEpochs(Path dir, GoodputOptimizer goodput, FakeTicker ticker) {
    return onClock(
        run(EXAMPLES, IntervalTrigger.epochs(2), dir, goodput, null),
        GoodputExploreInTrainingTest::step,
        ticker);
  }

  /**
   * Two epochs in {@link #out} of a run exploring with {@code noiseScale}, copies fitting up to
   * {@code fitsUpTo}.
   */
  private GoodputOptimizer train(double noiseScale, int fitsUpTo) {
    FakeTicker ticker = new FakeTicker();
    GoodputOptimizer goodput = exploring(ticker, noiseScale, fitsUpTo);
    twoEpochs(out, goodput, ticker).trainer().run();
    return goodput;
  }

  @Test
  void trainingStartsAtOnceAndGrowsOneStepAtATimeAsItTimesEachSize() throws Exception {
    // B_noise 10^6: the larger the better, up to the bound 256.
    GoodputOptimizer goodput = train(1e6, Integer.MAX_VALUE);

    List<GoodputEstimate> history = goodput.history();
    // No search before training: the first comes once training has timed its start size.
    assertThat(history.get(0).iteration()).isEqualTo(ReestimateSchedule.VERIFY_STEPS + 1);
    assertThat(goodput.results().get(0).detail())
        .contains("training timed only 16: trying 32, one growth step up");
    // Each pick past the sizes training timed is searched again twenty steps later.
    assertThat(history)
        .filteredOn(e -> e.epoch() == 0)
        .extracting(GoodputEstimate::batchSize)
        .startsWith(32, 64, 128, 256);
    assertThat(history.get(1).iteration() - history.get(0).iteration())
        .isEqualTo(ReestimateSchedule.VERIFY_STEPS + 1);
    assertThat(goodput.batchSize()).isEqualTo(256);
    assertNothingTimedOnCopies();
    assertThat(copyRuns).extracting(r -> r[0]).containsExactly(32, 64, 128, 256);
    // The run's first search is the one whose files a search before training would have left.
    assertThat(readString(out.resolve(SearchResultFiles.JSON)))
        .contains("\"chosen_batch_size\" : 32")
        .contains("training timed only 16");
  }

  @Test
  void aSmallNoiseScaleStopsTheGrowthWhereGoodputPeaks() {
    // B_noise 50 on this line: goodput peaks near 100, so the growth stops between 64 and 128.
    GoodputOptimizer goodput = train(50, Integer.MAX_VALUE);

    assertThat(goodput.history())
        .extracting(GoodputEstimate::batchSize)
        .allMatch(b -> b <= 128, "never past one step beyond the peak");
    assertThat(goodput.batchSize()).isBetween(64, 128);
    assertNothingTimedOnCopies();
  }

  @Test
  void aSizeWhoseOneStepRunsOutOfMemoryOnTheCopyIsNeverTrained() {
    GoodputOptimizer goodput = train(1e6, 64);

    // Each growth is checked with one step on the copy first: 32 and 64 fit, 128 does not.
    assertThat(copyRuns).extracting(r -> r[0]).containsSubsequence(32, 64, 128);
    assertThat(goodput.history()).extracting(GoodputEstimate::batchSize).allMatch(b -> b <= 64);
    assertThat(goodput.batchSize()).isEqualTo(64);
    assertThat(goodput.results()).anyMatch(r -> r.detail().contains("did not fit in memory"));
  }

  /** Before the first search, and between the first pick and its check. */
  @ParameterizedTest
  @ValueSource(longs = {10, 30})
  void aResumedExploringRunContinuesExactly(long snapshotAt) {
    FakeTicker wholeClock = new FakeTicker();
    GoodputOptimizer whole = exploring(wholeClock, 1e6);
    Run w = twoEpochs(out.resolve("whole"), whole, wholeClock);
    StateTree[] state = snapshotOnceAt(w, snapshotAt);
    w.trainer().run();

    FakeTicker resumedClock = new FakeTicker(); // a new process's clock
    GoodputOptimizer resumed = exploring(resumedClock, 1e6);
    Run r = twoEpochs(out.resolve("resumed"), resumed, resumedClock);
    r.trainer().loadState(state[0]);
    r.trainer().run();

    assertThat(resumed.history()).isEqualTo(whole.history());
    assertThat(r.model().params().toDoubleVector())
        .containsExactly(w.model().params().toDoubleVector());
  }

  @Test
  void onlyAnAdaptiveRunExploresInTraining() {
    assertThatThrownBy(() -> GoodputOptimizer.builder().exploreInTraining(true).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("everyEpochs");
  }
}
