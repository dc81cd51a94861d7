package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trainer4j.extensions.minibatch.GoodputRuns.goodput;
import static org.trainer4j.extensions.minibatch.GoodputRuns.run;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.minibatch.GoodputRuns.Run;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.extensions.minibatch.goodput.StepTime;
import org.trainer4j.extensions.schedule.ExponentialShift;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Priority;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * A resumed adaptive goodput run equals the uninterrupted one (sizes, rates, parameters), from
 * snapshots at epoch boundaries, inside a window or average of training gradients, and with
 * training's own step times; on the runs of {@link GoodputRuns}.
 */
class GoodputOptimizerResumeTest {

  @TempDir Path out;

  @Test
  void aResumedAdaptiveRunEqualsTheUninterruptedOneInSizesRatesAndParameters() {
    assertResumeContinuesExactly(() -> IntervalTrigger.epochs(2), false);
    assertResumeContinuesExactly(() -> IntervalTrigger.epochs(2), true);
  }

  /**
   * The snapshot falls inside the first window of training gradients (iterations 0-3; the next
   * would start at 32), which the resumed run completes.
   */
  @Test
  void aRunResumedHalfWayThroughAGradientWindowContinuesExactly() {
    assertResumeContinuesExactly(() -> IntervalTrigger.iterations(2), true);
  }

  /**
   * With two replicas every step is read across them, several steps an estimate (1,024 examples at
   * most 16 a step, 8 estimates an epoch wanted: 8 steps each): the snapshot after 3 steps falls
   * inside the first average, which the resumed run completes.
   */
  @Test
  void aRunOnReplicasResumedHalfWayThroughAnAverageContinuesExactly() {
    StateTree state =
        assertResumeContinuesExactly(
            () -> IntervalTrigger.iterations(3),
            TrainingGradients.ACROSS_SHARDS,
            2,
            1024,
            16,
            1,
            false);

    Serializer shards =
        new StateReader(state).child("extensions").child("GoodputOptimizer").child("shard_noise");
    assertThat(shards.serializeInt("steps", 0)).isPositive();
  }

  private void assertResumeContinuesExactly(Supplier<Trigger> snapshotAt, boolean trainingNoise) {
    assertResumeContinuesExactly(
        snapshotAt,
        trainingNoise ? TrainingGradients.ACROSS_SHARDS_OR_STEPS : TrainingGradients.NONE,
        1,
        256,
        256,
        1,
        false);
  }

  /** Resumed after the re-estimate at epoch 2, the next is still at epoch 4, not at epoch 3. */
  @Test
  void aResumedRunReestimatingEveryTwoEpochsKeepsItsSchedule() {
    assertResumeContinuesExactly(
        () -> IntervalTrigger.epochs(2), TrainingGradients.NONE, 1, 256, 256, 2, false);
  }

  /**
   * Training's own step times (a clock that training moves by 2 ms + 0.1 ms an example a step, ten
   * times the probes' simulated cost an example) are in the snapshot: resumed half-way through
   * epoch 1, the re-estimate after it sees the same median as the uninterrupted run's. (The clock's
   * step is constant at a size, so the resumed run would decide alike even from the 4 intervals
   * after the resume: the state itself must hold the intervals.)
   */
  @Test
  void aRunResumedWithTrainingsStepTimesContinuesExactly() {
    StateTree state =
        assertResumeContinuesExactly(
            () -> IntervalTrigger.iterations(59), TrainingGradients.NONE, 1, 2048, 64, 1, true);

    Serializer steps =
        new StateReader(state)
            .child("extensions")
            .child("GoodputOptimizer")
            .child("training_steps");
    assertThat(steps.serializeDoubleArray("seconds", new double[0])).isNotEmpty();
  }

  @Test
  void theStepTimesTrainingMeasuredStayMarkedAsTrainingsAcrossASnapshot() {
    FakeTicker clock = new FakeTicker();
    GoodputOptimizer goodput = resumable(TrainingGradients.NONE, 1, 64, clock);
    Run r = run(2048, IntervalTrigger.epochs(3), out.resolve("marked"), goodput, null, 1);
    clock(r, clock);
    r.trainer().run();
    StateTree state = new StateTree();
    goodput.serialize(new StateWriter(state));

    GoodputOptimizer loaded = resumable(TrainingGradients.NONE, 1, 64, new FakeTicker());
    loaded.serialize(new StateReader(state));

    assertThat(goodput.stepTimes()).anyMatch(StepTime::fromTraining);
    assertThat(loaded.stepTimes()).isEqualTo(goodput.stepTimes());
  }

  /**
   * Asserts that a run resumed from the state the uninterrupted run saved when {@code snapshotAt}
   * first fired (after every other extension, as a snapshot is taken) equals the uninterrupted one;
   * returns that state.
   */
  private StateTree assertResumeContinuesExactly(
      Supplier<Trigger> snapshotAt,
      TrainingGradients source,
      int replicas,
      int examples,
      int maxSize,
      int everyEpochs,
      boolean trainingClock) {
    FakeTicker wholeClock = trainingClock ? new FakeTicker() : null;
    Run whole =
        run(
            examples,
            IntervalTrigger.epochs(2 + 2 * everyEpochs),
            out.resolve("whole-" + source),
            resumable(source, everyEpochs, maxSize, wholeClock),
            new ExponentialShift("lr", 0.97),
            replicas);
    clock(whole, wholeClock);
    StateTree[] state = {null};
    int[] seenBefore = {0};
    whole
        .trainer()
        .extend(
            snapshotOnce(
                snapshotAt,
                t -> {
                  if (state[0] == null) {
                    state[0] = t.saveState();
                    seenBefore[0] = whole.seen().size();
                  }
                }));
    whole.trainer().run();

    FakeTicker resumedClock = trainingClock ? new FakeTicker() : null; // a new process's clock
    GoodputOptimizer resumedGoodput = resumable(source, everyEpochs, maxSize, resumedClock);
    Run resumed =
        run(
            examples,
            IntervalTrigger.epochs(2 + 2 * everyEpochs),
            out.resolve("resumed-" + source),
            resumedGoodput,
            new ExponentialShift("lr", 0.97),
            replicas);
    clock(resumed, resumedClock);
    resumed.trainer().extend(snapshotOnce(snapshotAt, t -> {}));
    assertThat(state[0]).isNotNull();
    resumed.trainer().loadState(state[0]);
    resumed.trainer().run();

    GoodputOptimizer wholeGoodput =
        (GoodputOptimizer) whole.trainer().getExtension("GoodputOptimizer");
    assertThat(resumedGoodput.history()).isEqualTo(wholeGoodput.history());
    // Which step times training measured too: the next re-estimate fits them differently.
    assertThat(resumedGoodput.stepTimes()).isEqualTo(wholeGoodput.stepTimes());
    List<double[]> tail = whole.seen().subList(seenBefore[0], whole.seen().size());
    assertThat(resumed.seen()).hasSameSizeAs(tail);
    for (int i = 0; i < tail.size(); i++) {
      assertThat(resumed.seen().get(i))
          .as("update %d after the resume", i)
          .containsExactly(tail.get(i));
    }
    assertThat(resumed.model().params().toDoubleVector())
        .containsExactly(whole.model().params().toDoubleVector());
    return state[0];
  }

  /** Adaptive goodput for the resume tests, on {@code clock} when training moves one. */
  private static GoodputOptimizer resumable(
      TrainingGradients source, int everyEpochs, int maxSize, FakeTicker clock) {
    GoodputOptimizer.Builder b =
        goodput(LrRule.ADASCALE, everyEpochs, maxSize).trainingGradients(source);
    if (clock != null) {
      b.settings(
          SearchSettings.defaults()
              .withMemoryGauge(MemoryGauge.unbounded())
              .withBudget(Budget.unlimited())
              .withTicker(clock)
              .withMaxBatchSize(maxSize));
    }
    return b.build();
  }

  /** Each training step moves {@code clock} (if any) by 2 ms + 0.1 ms an example. */
  private static void clock(Run r, FakeTicker clock) {
    if (clock != null) {
      r.trainer()
          .extend(
              Extensions.builder(
                      "clock", t -> clock.advance(0.002 + 1e-4 * r.iterator().getBatchSize()))
                  .build());
    }
  }

  private static Extension snapshotOnce(Supplier<Trigger> at, Consumer<Trainer> save) {
    return Extensions.builder("snapshot", save).trigger(at).priority(Priority.SNAPSHOT).build();
  }
}
