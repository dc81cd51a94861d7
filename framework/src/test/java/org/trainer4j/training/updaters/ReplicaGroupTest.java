package org.trainer4j.training.updaters;

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
              group.allGather(-1);
              return group.allGather(rank * 10);
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
                      group.barrier();
                      return rank;
                    }))
        .satisfies(
            e -> {
              if (e instanceof ReplicaGroupAbortedException) {
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

    assertThatThrownBy(() -> ReplicaThreads.run(group, rank -> rank == 0 ? group.allGather(0) : 1))
        .isInstanceOf(ReplicaGroupAbortedException.class)
        .cause()
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("replicas [1] did not reach the collective");
  }

  @Test
  void resetMakesAnAbortedGroupUsableAgain() {
    ReplicaGroup group = new ReplicaGroup(2, Duration.ofSeconds(30));
    group.abort(new IllegalStateException("earlier step"));

    group.reset();

    assertThat(ReplicaThreads.run(group, group::allGather)).containsOnly(List.of(0, 1));
  }

  @Test
  void onlyMemberThreadsHaveARank() {
    ReplicaGroup group = new ReplicaGroup(2, Duration.ofSeconds(1));

    assertThat(group.isMember()).isFalse();
    assertThatThrownBy(group::rank).hasMessageContaining("is not a member");
    assertThatThrownBy(() -> group.join(2)).hasMessageContaining("rank must be in [0, 2)");
  }
}
