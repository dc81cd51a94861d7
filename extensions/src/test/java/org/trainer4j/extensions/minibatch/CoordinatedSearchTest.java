package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.trainer4j.parallel.ReplicaGroup;
import org.trainer4j.testing.ReplicaThreads;

/**
 * A job of two members searching together, simulated on two threads: member 1 is slower (more so at
 * large sizes), its clock runs on its own, and it may run out of memory where member 0 does not.
 * Every strategy must end with the same size on both members, having measured the same sizes at the
 * slower member's times; otherwise the members' collectives would no longer match.
 */
class CoordinatedSearchTest {

  private static final int DATASET = 8192;
  private static final int MAX = 1024;

  /** Member 0: a fixed cost per step amortised over the batch, so bigger is always faster. */
  private static final IntToDoubleFunction FAST = b -> 1e-4 * (1 + 64.0 / b);

  /** Member 1: also slower per example as the batch grows; its best size is 128. */
  private static final IntToDoubleFunction SLOW = b -> FAST.applyAsDouble(b) * (1 + b / 256.0);

  private static List<SearchResult> searchTogether(
      IntFunction<SimulatedTraining> members,
      BiFunction<SimulatedTraining, SimulatedContext, SimulatedContext> setup,
      BiFunction<Integer, SimulatedTraining, MinibatchSizeStrategy> strategy) {
    ReplicaGroup job = new ReplicaGroup(2, Duration.ofSeconds(20));
    return ReplicaThreads.run(
        job,
        rank -> {
          SimulatedTraining sim = members.apply(rank);
          SearchContext context =
              setup
                  .apply(
                      sim,
                      sim.context(32, DATASET)
                          .maxBatchSize(MAX)
                          .batchSizeMultiple(2)
                          .coordination(SearchCoordination.over(job.communicator(rank))))
                  .build();
          return strategy.apply(rank, sim).apply(context);
        });
  }

  private static SimulatedTraining member(int rank) {
    return new SimulatedTraining(rank == 0 ? FAST : SLOW);
  }

  private static void assertSearchedAlike(List<SearchResult> results) {
    SearchResult first = results.get(0);
    SearchResult second = results.get(1);
    assertThat(first.succeeded()).as(first.detail()).isTrue();
    assertThat(second.chosenBatchSize()).isEqualTo(first.chosenBatchSize());
    assertThat(second.steps())
        .extracting(SearchStep::batchSize)
        .containsExactlyElementsOf(first.steps().stream().map(SearchStep::batchSize).toList());
    assertThat(second.steps())
        .extracting(SearchStep::perExampleSeconds)
        .containsExactlyElementsOf(
            first.steps().stream().map(SearchStep::perExampleSeconds).toList());
    assertThat(first.steps()).extracting(SearchStep::batchSize).allMatch(b -> b % 2 == 0);
    assertThat(first.chosenBatchSize() % 2).isZero();
  }

  /** Every feasible measurement is member 1's time: the job's step waits for its slowest member. */
  private static void assertTimedAtTheSlowerMember(SearchResult result) {
    for (SearchStep step : result.steps()) {
      if (!step.infeasible()) {
        double slow = SLOW.applyAsDouble(step.batchSize());
        assertThat(step.perExampleSeconds()).isCloseTo(slow, within(slow * 1e-9));
      }
    }
  }

  @Test
  void throughputMaximizeEndsAtTheSlowerMembersBestSizeOnBothMembers() {
    List<SearchResult> results =
        searchTogether(
            CoordinatedSearchTest::member,
            (sim, c) -> c,
            (rank, sim) -> ThroughputMaximize.create());

    assertSearchedAlike(results);
    assertTimedAtTheSlowerMember(results.get(0));
    // Member 0 alone would take the largest size; the job is fastest near member 1's optimum.
    assertThat(results.get(0).chosenBatchSize()).isBetween(64, 256);
  }

  @Test
  void epochTimeMinimizeSearchesAlikeOnBothMembers() {
    List<SearchResult> results =
        searchTogether(
            CoordinatedSearchTest::member,
            (sim, c) -> c,
            (rank, sim) -> EpochTimeMinimize.builder().maxLoops(8).iterationsPerLoop(2).build());

    assertSearchedAlike(results);
    assertTimedAtTheSlowerMember(results.get(0));
  }

  @Test
  void gpuUsageMaximizeFollowsRankZerosUtilization() {
    // Member 1's device looks busier: by its own readings it would stop growing far earlier.
    List<SearchResult> results =
        searchTogether(
            rank -> member(rank).utilization(b -> rank == 0 ? Math.min(100, 40 + b / 8.0) : 99.5),
            (sim, c) -> c,
            (rank, sim) ->
                GpuUsageMaximize.builder(sim)
                    .recorder(new ClockedRecorder(sim, sim.ticker, 1.0))
                    .build());

    assertSearchedAlike(results);
  }

  @Test
  void goodputMaximizeUsesRankZerosNoiseEstimates() {
    List<SearchResult> results =
        searchTogether(
            CoordinatedSearchTest::member,
            (sim, c) -> c,
            (rank, sim) ->
                GoodputMaximize.create()
                    .withNoiseSource(new SimulatedNoise(1, rank == 0 ? 500 : 20_000, 0.1, rank)));
    assertThat(results.get(0).loops()).as(results.get(0).detail()).isGreaterThan(2);
    assertSearchedAlike(results);
    assertTimedAtTheSlowerMember(results.get(0));
  }

  @Test
  void theBudgetIsSpentByRankZerosClockSoBothMembersStopAtTheSameProbe() {
    // Member 1 is four times slower, so its own clock runs far ahead of member 0's: by its own
    // clock it would stop probing several sizes earlier.
    List<SearchResult> results =
        searchTogether(
            rank -> rank == 0 ? member(0) : new SimulatedTraining(b -> 4 * SLOW.applyAsDouble(b)),
            (sim, c) -> c.budgetSeconds(1.0),
            (rank, sim) -> ThroughputMaximize.create());

    assertSearchedAlike(results);
    assertThat(results.get(0).stopReason()).isEqualTo(StopReason.BUDGET);
    assertThat(results.get(0).loops()).isGreaterThan(2);
  }

  @Test
  void runningOutOfMemoryOnOneMemberIsRunningOutOfMemoryOnBoth() {
    List<SearchResult> results =
        searchTogether(
            rank -> rank == 1 ? member(rank).oomAbove(96) : member(rank),
            (sim, c) -> c,
            (rank, sim) -> ThroughputMaximize.create());

    assertSearchedAlike(results);
    assertThat(results.get(0).steps()).anyMatch(SearchStep::infeasible);
    assertThat(results.get(0).chosenBatchSize()).isLessThanOrEqualTo(96);
  }

  @Test
  void theTightestMembersMemoryCeilingBoundsBoth() {
    // Member 1's memory fits about 160 examples; member 0's is unbounded.
    List<SearchResult> results =
        searchTogether(
            rank -> rank == 1 ? member(rank).memory(1_000_000, 100_000, 20_000_000) : member(rank),
            (sim, c) -> c.memoryGauge(sim),
            (rank, sim) -> ThroughputMaximize.create());

    assertSearchedAlike(results);
    assertThat(results.get(0).chosenBatchSize()).isLessThanOrEqualTo(160);
    assertThat(results.get(0).steps()).extracting(SearchStep::batchSize).allMatch(b -> b <= 256);
  }
}
