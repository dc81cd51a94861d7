package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trainer4j.parallel.Communicators;
import org.trainer4j.parallel.ReplicaGroup;
import org.trainer4j.testing.ReplicaThreads;

/** What the members of a job agree on, and how; a single process agrees with itself. */
class SearchCoordinationTest {

  private static <T> List<T> together(
      java.util.function.BiFunction<Integer, SearchCoordination, T> task) {
    ReplicaGroup job = new ReplicaGroup(2, Duration.ofSeconds(10));
    return ReplicaThreads.run(
        job, rank -> task.apply(rank, SearchCoordination.over(job.communicator(rank))));
  }

  @Test
  void eachStepTakesTheSlowestMembersTime() {
    List<double[]> steps =
        together(
            (rank, c) -> c.slowestSteps(rank == 0 ? new double[] {1, 5} : new double[] {3, 2}));

    assertThat(steps).allSatisfy(s -> assertThat(s).containsExactly(3, 5));
  }

  @Test
  void readingsOnlyOneMemberCanTakeAreRankZeros() {
    assertThat(together((rank, c) -> c.rootValue(10.0 + rank))).containsExactly(10.0, 10.0);
  }

  @Test
  void theMemoryCeilingIsTheTightestMembers() {
    assertThat(together((rank, c) -> c.smallest(rank == 0 ? Integer.MAX_VALUE : 96)))
        .containsExactly(96, 96);
  }

  @Test
  void aFailureOnOneMemberIsAFailureOnAll() {
    assertThat(together((rank, c) -> c.failures(rank == 1, false)))
        .containsExactly(
            new SearchCoordination.Failures(true, false),
            new SearchCoordination.Failures(true, false));
    assertThat(together((rank, c) -> c.failures(false, rank == 0)))
        .allMatch(f -> f.other() && !f.outOfMemory());
  }

  @Test
  void aSingleProcessAgreesWithItself() {
    SearchCoordination alone = SearchCoordination.over(Communicators.single());

    assertThat(alone).isSameAs(SearchCoordination.single());
    assertThat(alone.members()).isEqualTo(1);
    assertThat(alone.slowestSteps(new double[] {1, 2})).containsExactly(1, 2);
    assertThat(alone.rootValue(7)).isEqualTo(7);
    assertThat(alone.smallest(5)).isEqualTo(5);
    assertThat(alone.failures(true, false)).isEqualTo(new SearchCoordination.Failures(true, false));
  }
}
