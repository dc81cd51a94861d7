package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trainer4j.extensions.minibatch.goodput.StepTime;
import org.trainer4j.parallel.ReplicaGroup;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;
import org.trainer4j.testing.ReplicaThreads;

class TrainingStepTimesTest {

  private static final long MS = 1_000_000L;

  /** Ticks {@code steps} intervals of {@code ms} each at {@code size}, from {@code start} ms. */
  private static long steps(TrainingStepTimes t, long start, int steps, long ms, int size) {
    long now = start;
    for (int i = 0; i < steps; i++) {
      now += ms;
      t.tick(now * MS, 0, size);
    }
    return now;
  }

  @Test
  void theStepTimeIsTheMedianIntervalSoAnEvaluationDoesNotCount() {
    TrainingStepTimes t = new TrainingStepTimes();
    long now = steps(t, 0, 13, 10, 128); // the first tick at a size starts the clock: 12 intervals
    now += 900; // an evaluation between two steps
    t.tick(now * MS, 0, 128);
    steps(t, now, 3, 12, 128);

    StepTime median = t.median().orElseThrow();
    assertThat(median.batchSize()).isEqualTo(128);
    assertThat(median.seconds()).isCloseTo(0.010, within(1e-12));
  }

  @Test
  void eachIntervalLeavesOutWhatTheThreadWaitedForACpuInIt() {
    TrainingStepTimes t = new TrainingStepTimes();
    long wait = 5_000 * MS; // the thread's count since some origin
    for (int i = 0; i <= 12; i++) {
      wait += (i % 2 == 0 ? 30 : 2) * MS; // a load beside training on every other step
      t.tick((i * 40) * MS, wait, 64);
    }

    // Intervals of 40 ms less 30 or 2 ms: 10 and 38 ms, six each; the median lies between.
    assertThat(t.median().orElseThrow().seconds()).isCloseTo(0.024, within(1e-12));
  }

  @Test
  void fewerIntervalsThanTheMinimumGiveNoStepTime() {
    TrainingStepTimes t = new TrainingStepTimes();
    steps(t, 0, TrainingStepTimes.MIN_STEPS, 10, 64);
    assertThat(t.median()).isEmpty();
    steps(t, 1000, 1, 10, 64);
    assertThat(t.median()).isPresent();
  }

  @Test
  void aNewSizeStartsOver() {
    TrainingStepTimes t = new TrainingStepTimes();
    long now = steps(t, 0, 40, 10, 64);
    steps(t, now, 12, 30, 256);

    assertThat(t.median().orElseThrow()).isEqualTo(StepTime.fromTraining(256, 0.030));
  }

  @Test
  void onlyTheLatestIntervalsAreKept() {
    TrainingStepTimes t = new TrainingStepTimes();
    long now = steps(t, 0, TrainingStepTimes.CAPACITY + 1, 50, 64);
    steps(t, now, TrainingStepTimes.CAPACITY / 2 + 1, 10, 64);

    assertThat(t.median().orElseThrow().seconds()).isCloseTo(0.010, within(1e-12));
  }

  @Test
  void trainingsStepTimeReplacesTheKnownOneAtItsSize() {
    TrainingStepTimes t = new TrainingStepTimes();
    steps(t, 0, 20, 20, 128);
    List<StepTime> known = List.of(new StepTime(32, 0.008), new StepTime(128, 0.031));

    assertThat(t.into(known, SearchCoordination.single()))
        .containsExactly(new StepTime(32, 0.008), StepTime.fromTraining(128, 0.020));
    assertThat(t.into(List.of(new StepTime(256, 0.04)), SearchCoordination.single()))
        .containsExactly(StepTime.fromTraining(128, 0.020), new StepTime(256, 0.04));
    assertThat(new TrainingStepTimes().into(known, SearchCoordination.single())).isEqualTo(known);
  }

  @Test
  void everyMemberOfAJobTakesRankZerosStepTimeOrNoneWhenRankZeroHasNone() {
    List<StepTime> known = List.of(new StepTime(32, 0.008));
    // Rank 0 trained 20 steps of 20 ms at 128; rank 1, slower, 25 ms.
    assertThat(intoOnTwoMembers(known, 20, 20))
        .containsExactly(
            List.of(new StepTime(32, 0.008), StepTime.fromTraining(128, 0.020)),
            List.of(new StepTime(32, 0.008), StepTime.fromTraining(128, 0.020)));
    // Rank 0 has too few intervals yet: no member adds one, though rank 1 has enough.
    assertThat(intoOnTwoMembers(known, 5, 20)).containsExactly(known, known);
  }

  private static List<List<StepTime>> intoOnTwoMembers(
      List<StepTime> known, int rank0Steps, int rank1Steps) {
    ReplicaGroup job = new ReplicaGroup(2, Duration.ofSeconds(10));
    return ReplicaThreads.run(
        job,
        rank -> {
          TrainingStepTimes t = new TrainingStepTimes();
          steps(t, 0, rank == 0 ? rank0Steps : rank1Steps, rank == 0 ? 20 : 25, 128);
          return t.into(known, SearchCoordination.over(job.communicator(rank)));
        });
  }

  @Test
  void aResumedRecordKeepsTheSizeAndTheIntervalsButNotTheIntervalTheResumeCuts() {
    TrainingStepTimes first = new TrainingStepTimes();
    steps(first, 0, 8, 10, 128); // 7 intervals
    StateTree state = new StateTree();
    first.serialize(new StateWriter(state));

    TrainingStepTimes resumed = new TrainingStepTimes();
    resumed.tick(500 * MS, 0, 128); // this process's clock before the state was loaded
    resumed.serialize(new StateReader(state));
    long now = steps(resumed, 5000, 3, 10, 128); // the first tick only starts the next interval

    assertThat(resumed.median()).as("9 intervals").isEmpty();
    steps(resumed, now, 1, 10, 128);
    assertThat(resumed.median()).contains(StepTime.fromTraining(128, 0.010));
  }
}
