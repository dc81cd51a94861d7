package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trainer4j.extensions.minibatch.GoodputRuns.fewShortWindows;
import static org.trainer4j.extensions.minibatch.GoodputRuns.goodput;
import static org.trainer4j.extensions.minibatch.GoodputRuns.growingOverheadOn;
import static org.trainer4j.extensions.minibatch.GoodputRuns.run;
import static org.trainer4j.extensions.minibatch.GoodputRuns.settings;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.minibatch.GoodputRuns.Run;
import org.trainer4j.extensions.minibatch.goodput.GoodputEstimate;
import org.trainer4j.extensions.minibatch.goodput.GradientNoise;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.extensions.minibatch.goodput.NoiseSource;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.testing.TestModels;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.StandardUpdater;

/**
 * An adaptive run shares one search budget among its searches: the first may take half, each
 * re-estimate an equal share of what is left over those still due, none at the end of training. The
 * runs of {@link GoodputRuns} (256 examples, size 16, so 16 iterations an epoch).
 */
class GoodputBudgetSharesTest {

  @TempDir Path out;

  /**
   * A signal that never resolves (smoothed below zero after every estimate), so every search makes
   * extra estimates while its budget lasts; each costs 0.05 s on {@code ticker}. Counts the calls
   * per live epoch.
   */
  private static NoiseSource unresolvedCosting(
      FakeTicker ticker, AtomicReference<Trainer> live, Map<Integer, Integer> callsPerEpoch) {
    int[] calls = {0};
    return (batchSize, shards) -> {
      ticker.advance(0.05);
      callsPerEpoch.merge(live.get().getUpdater().getEpoch(), 1, Integer::sum);
      return new GradientNoise(calls[0]++ % 2 == 0 ? -3 : 1, 500);
    };
  }

  @Test
  void aReestimateWithAnUnresolvedSignalLeavesTheLaterOnesTheirShare() {
    FakeTicker ticker = new FakeTicker();
    AtomicReference<Trainer> live = new AtomicReference<>();
    Map<Integer, Integer> callsPerEpoch = new TreeMap<>();
    GoodputOptimizer goodput =
        goodput(LrRule.SQRT, 1)
            .strategy(
                fewShortWindows().withNoiseSource(unresolvedCosting(ticker, live, callsPerEpoch)))
            .settings(settings(Budget.fixedSeconds(1.0), ticker, 64))
            .probeRunnerDecorator(growingOverheadOn(ticker))
            .trainingGradients(TrainingGradients.NONE)
            .build();
    Run r = run(IntervalTrigger.epochs(5), out, goodput, null);
    live.set(r.trainer());

    r.trainer().run();

    // Before training and after epochs 1-4; not after epoch 5, where training ends. Taking all it
    // could, the first search made 16 estimates (0.8 s) and left the re-estimates after epochs 2-4
    // none: they kept a size chosen on stale statistics.
    assertThat(goodput.history()).extracting(GoodputEstimate::epoch).containsExactly(0, 1, 2, 3, 4);
    assertThat(callsPerEpoch.keySet()).containsExactly(0, 1, 2, 3, 4);
    assertThat(callsPerEpoch.get(0)).isBetween(6, 10); // about half of the 1 s
    // Then 0.5 s over four re-estimates: about 0.125 s, two estimates, each.
    for (int epoch = 1; epoch <= 4; epoch++) {
      assertThat(callsPerEpoch.get(epoch)).as("estimates at epoch %d", epoch).isBetween(1, 4);
    }
    assertThat((double) r.trainer().getObservation().get("minibatch/probe_seconds"))
        .isLessThanOrEqualTo(1.0 * 1.25);
  }

  @Test
  void countsTheReestimatesStillDueFromAStopTriggerInEpochsOrIterations() {
    assertThat(dueBeforeTraining(IntervalTrigger.epochs(5), 1)).isEqualTo(4);
    assertThat(dueBeforeTraining(IntervalTrigger.epochs(5), 2)).isEqualTo(2); // after 2 and 4
    assertThat(dueBeforeTraining(IntervalTrigger.epochs(1), 1)).isZero();
    assertThat(dueBeforeTraining(IntervalTrigger.iterations(80), 1)).isEqualTo(4); // 5 epochs
    assertThat(dueBeforeTraining(IntervalTrigger.iterations(72), 1)).isEqualTo(4); // 4.5 epochs
  }

  @Test
  void sharesTheBudgetHalfBeforeTrainingThenEquallyAndKeepsHalfWhenTheLengthIsUnknown() {
    Trainer fiveEpochs = trainer(IntervalTrigger.epochs(5));
    assertThat(SearchShares.now(fiveEpochs, 0, true)).isEqualTo(1); // one-shot: all of it
    assertThat(SearchShares.now(fiveEpochs, 1, true)).isEqualTo(2);
    assertThat(SearchShares.now(fiveEpochs, 1, false)).isEqualTo(5);
    assertThat(SearchShares.now(trainer(IntervalTrigger.epochs(1)), 1, true)).isEqualTo(1);

    Trainer unknown = trainer(t -> t.getUpdater().getEpoch() >= 5);
    assertThat(SearchShares.reestimatesAfterNow(unknown, 1)).isEmpty();
    assertThat(SearchShares.now(unknown, 1, true)).isEqualTo(2);
    assertThat(SearchShares.now(unknown, 1, false)).isEqualTo(2);
    assertThat(SearchShares.atTheEnd(unknown)).isFalse();
  }

  @Test
  void aStopTriggerTooLongToCountLeavesEveryReestimateAShareAndNoOverflow() {
    // "Run until stopped": more re-estimates due than an int holds.
    Model model = TestModels.mlp(20, 16, 4, 7);
    Optimizer optimizer = new Adam(0.01);
    optimizer.setup(model);
    SerialIterator iterator =
        SerialIterator.builder(TestModels.data(256, 20, 4, 1)).batchSize(16).seed(5).build();
    Trainer endless =
        new Trainer(
            new StandardUpdater(iterator, optimizer),
            IntervalTrigger.iterations(Long.MAX_VALUE),
            out);
    assertThat(SearchShares.now(endless, 1, false)).isEqualTo(Integer.MAX_VALUE);
    assertThat(SearchShares.now(endless, 1, true)).isEqualTo(2);
  }

  private int dueBeforeTraining(Trigger stop, int everyEpochs) {
    return SearchShares.reestimatesAfterNow(trainer(stop), everyEpochs).orElseThrow();
  }

  private Trainer trainer(Trigger stop) {
    return run(stop, out, null, null).trainer();
  }
}
