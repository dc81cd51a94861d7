package org.trainer4j.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.trainer4j.testing.ReplicaThreads;

class ReplicaGroupTest {

  @Test
  void allGatherGivesEveryReplicaAllContributionsInRankOrder() {
    ReplicaGroup group = new ReplicaGroup(3, Duration.ofSeconds(30));

    List<List<Integer>> results =
        ReplicaThreads.run(
            group,
            rank -> {
              group.allGather(rank, -1);
              return group.allGather(rank, rank * 10);
            });

    assertThat(results).containsOnly(List.of(0, 10, 20));
  }

  @Test
  void aFailingReplicaAbortsTheOthersWithItsException() {
    ReplicaGroup group = new ReplicaGroup(3, Duration.ofMinutes(5));
    IllegalStateException fault = new IllegalStateException("injected");

    assertThatThrownBy(
            () ->
                ReplicaThreads.run(
                    group,
                    rank -> {
                      if (rank == 2) {
                        group.abort(fault);
                        throw fault;
                      }
                      group.communicator(rank).barrier();
                      return rank;
                    }))
        .satisfies(
            e -> {
              if (e instanceof CollectiveAbortedException) {
                assertThat(e).hasCause(fault);
              } else {
                assertThat(e).isSameAs(fault);
              }
            });
    assertThat(group.abortCause()).isSameAs(fault);
  }

  @Test
  void aReplicaThatNeverArrivesTimesOutTheOthersNamingIt() {
    ReplicaGroup group = new ReplicaGroup(2, Duration.ofMillis(50));

    assertThatThrownBy(
            () -> ReplicaThreads.run(group, rank -> rank == 0 ? group.allGather(0, 0) : 1))
        .isInstanceOf(CollectiveAbortedException.class)
        .cause()
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("replicas [1] did not reach collective #0");
  }

  @Test
  void resetMakesAnAbortedGroupUsableAgain() {
    ReplicaGroup group = new ReplicaGroup(2, Duration.ofSeconds(30));
    group.abort(new IllegalStateException("earlier step"));

    group.reset();

    assertThat(ReplicaThreads.run(group, rank -> group.allGather(rank, rank)))
        .containsOnly(List.of(0, 1));
  }

  @Test
  void aTimeoutTooLongToCountInNanosecondsIsCutToTheLongestThatCounts() {
    ReplicaGroup group = new ReplicaGroup(2, Duration.ofSeconds(Long.MAX_VALUE));

    assertThat(group.timeout()).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    assertThat(ReplicaThreads.run(group, rank -> group.allGather(rank, rank)))
        .containsOnly(List.of(0, 1));
  }

  @Test
  void aRankOutsideTheGroupIsRefusedNamingTheRange() {
    ReplicaGroup group = new ReplicaGroup(2, Duration.ofSeconds(1));

    assertThatThrownBy(() -> group.communicator(2)).hasMessageContaining("rank must be in [0, 2)");
  }
}
