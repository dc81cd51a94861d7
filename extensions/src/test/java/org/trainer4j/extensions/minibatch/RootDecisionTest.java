package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trainer4j.parallel.ReplicaGroup;
import org.trainer4j.testing.ReplicaThreads;

/** Whatever each member's search ended with, every member trains with rank 0's outcome. */
class RootDecisionTest {

  private static SearchResult chose(int size) {
    return new SearchResult("S", 32, size, List.of(), StopReason.CONVERGED, "", 1.0, 1000);
  }

  private static SearchResult failed() {
    return SearchResult.failed("S", 32, List.of(), "out of luck", 1.0, 1000);
  }

  private static List<SearchResult> follow(SearchResult rank0, SearchResult rank1) {
    ReplicaGroup job = new ReplicaGroup(2, Duration.ofSeconds(10));
    return ReplicaThreads.run(
        job,
        rank ->
            RootDecision.follow(
                rank == 0 ? rank0 : rank1, SearchCoordination.over(job.communicator(rank))));
  }

  @Test
  void aMemberThatEndedElsewhereTakesRankZerosSize() {
    List<SearchResult> results = follow(chose(64), chose(96));

    assertThat(results).extracting(SearchResult::chosenBatchSize).containsExactly(64, 64);
    assertThat(results).allMatch(SearchResult::succeeded);
  }

  @Test
  void aMemberWhoseSearchFailedTakesRankZerosSizeAndViceVersa() {
    assertThat(follow(chose(64), failed()))
        .extracting(SearchResult::chosenBatchSize)
        .containsExactly(64, 64);
    assertThat(follow(failed(), chose(64)))
        .extracting(SearchResult::succeeded)
        .containsExactly(false, false);
  }

  @Test
  void agreeingMembersKeepTheirOwnResults() {
    SearchResult mine = chose(64);

    assertThat(follow(mine, chose(64)).get(0)).isSameAs(mine);
  }
}
