package org.trainer4j.training.updaters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.parallel.ReplicaGroup;
import org.trainer4j.testing.ReplicaThreads;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.DistributedJob.Norm;
import org.trainer4j.training.updaters.DistributedJob.Parts;

/**
 * A stop requested on one rank of a multi-process job, or a stop trigger firing there, stops every
 * rank after the same step.
 */
class DistributedStopTest {

  private static final String OTHER_RANK = "a stop requested on another rank of the job";

  /** Where each rank stopped and why. */
  record Stopped(long iteration, String reason) {}

  /**
   * Two ranks, each with the stop trigger {@code stopTrigger} gives for its rank; {@code asking}
   * requests a stop after {@code at} steps.
   */
  private static List<Stopped> twoRanks(
      IntFunction<Trigger> stopTrigger, int asking, long at, Path out) {
    // A short timeout: a rank left waiting in a collective fails the test in seconds.
    ReplicaGroup group = new ReplicaGroup(2, Duration.ofSeconds(10));
    return ReplicaThreads.run(
        group,
        rank -> {
          Parts parts = DistributedJob.create(Norm.NONE, 3);
          Trainer trainer =
              new Trainer(
                  parts.updater(group.communicator(rank), 100), stopTrigger.apply(rank), out);
          trainer.extend(
              t -> {
                if (rank == asking && t.getUpdater().getIteration() == at) {
                  t.requestStop("SIGTERM on rank " + rank);
                }
              });
          trainer.run();
          return new Stopped(
              trainer.getUpdater().getIteration(), trainer.stopRequest().orElse("none"));
        });
  }

  /** Twenty steps on every rank; {@code asking} requests a stop after {@code at}. */
  private static List<Stopped> stopOnRank(int asking, long at, Path out) {
    return twoRanks(rank -> IntervalTrigger.iterations(20), asking, at, out);
  }

  @Test
  void aRequestOnRankOneStopsRankZeroAfterTheSameIteration(@TempDir Path out) {
    assertThat(stopOnRank(1, 3, out))
        .containsExactly(new Stopped(3, OTHER_RANK), new Stopped(3, "SIGTERM on rank 1"));
  }

  @Test
  void aRequestOnRankZeroStopsRankOneAfterTheSameIteration(@TempDir Path out) {
    assertThat(stopOnRank(0, 5, out))
        .containsExactly(new Stopped(5, "SIGTERM on rank 0"), new Stopped(5, OTHER_RANK));
  }

  @Test
  void aStopTriggerThatFiresOnOneRankOnlyStopsEveryRank(@TempDir Path out) {
    // As a TimeTrigger reading each rank's own clock may: rank 1's fires after 4 steps.
    List<Stopped> stopped =
        twoRanks(rank -> t -> t.getUpdater().getIteration() >= (rank == 1 ? 4 : 20), -1, -1, out);

    assertThat(stopped).containsExactly(new Stopped(4, "none"), new Stopped(4, "none"));
  }

  @Test
  void withoutARequestEveryRankRunsToTheStopTrigger(@TempDir Path out) {
    assertThat(stopOnRank(0, -1, out))
        .containsExactly(new Stopped(20, "none"), new Stopped(20, "none"));
  }
}
