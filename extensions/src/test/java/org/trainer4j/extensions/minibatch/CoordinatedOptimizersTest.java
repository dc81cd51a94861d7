package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.MomentumSGD;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.parallel.ReplicaGroup;
import org.trainer4j.testing.ReplicaThreads;
import org.trainer4j.testing.TestModels;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.DistributedUpdater;

/**
 * Both search extensions in a job of two members (replica threads with {@link DistributedUpdater},
 * as MPI processes would be), member 1 slowed down: they search together from the updater's
 * communicator, end with one size, and the members then train in lockstep.
 */
class CoordinatedOptimizersTest {

  @TempDir Path out;

  /**
   * What a member ends with: the size its iterator trains with, its parameters, and the search's
   * trace (size and seconds per example of every measurement).
   */
  private record Member(
      int batchSize, float[] params, long resynchronizations, List<String> trace) {}

  private static List<String> trace(Extension search) {
    SearchResult result =
        search instanceof MinibatchSizeOptimizer m
            ? m.result()
            : ((GoodputOptimizer) search).lastResult();
    return result.steps().stream().map(s -> s.batchSize() + " " + s.perExampleSeconds()).toList();
  }

  private static UnaryOperator<ProbeRunner> slowed(int rank) {
    if (rank == 0) {
      return UnaryOperator.identity();
    }
    return runner ->
        (batchSize, steps) -> {
          try {
            Thread.sleep(5L * steps);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return runner.run(batchSize, steps);
        };
  }

  private List<Member> trainTogether(java.util.function.IntFunction<Extension> search) {
    return trainTogether(search, () -> IntervalTrigger.iterations(3));
  }

  private List<Member> trainTogether(
      java.util.function.IntFunction<Extension> search,
      java.util.function.Supplier<IntervalTrigger> stop) {
    ReplicaGroup job = new ReplicaGroup(2, Duration.ofSeconds(60));
    return ReplicaThreads.run(
        job,
        rank -> {
          Model model = TestModels.mlp(8, 16, 3, 1);
          Optimizer optimizer = new MomentumSGD(0.01, 0.9);
          optimizer.setup(model);
          SerialIterator it =
              SerialIterator.builder(TestModels.data(512, 8, 3, 2)).batchSize(8).seed(3).build();
          DistributedUpdater updater =
              DistributedUpdater.builder(it, optimizer, job.communicator(rank))
                  .checkEvery(1)
                  .build();
          Trainer trainer = new Trainer(updater, stop.get(), out.resolve("rank" + rank));
          Extension extension = search.apply(rank);
          trainer.extend(extension);
          trainer.run();
          return new Member(
              it.getBatchSize(),
              model.params().dup().data().asFloat(),
              updater.resynchronizations(),
              trace(extension));
        });
  }

  private static void assertLockstep(List<Member> members) {
    assertThat(members.get(0).trace()).hasSizeGreaterThan(1);
    assertSameTraining(members);
  }

  private static void assertSameTraining(List<Member> members) {
    assertThat(members.get(1).batchSize()).isEqualTo(members.get(0).batchSize());
    assertThat(members.get(0).batchSize() % 2).isZero();
    assertThat(members.get(1).params()).containsExactly(members.get(0).params());
    assertThat(members).allMatch(m -> m.resynchronizations() == 0);
    assertThat(members.get(1).trace()).containsExactlyElementsOf(members.get(0).trace());
  }

  @Test
  void minibatchSizeOptimizerSearchesWithTheUpdatersCommunicator() {
    assertLockstep(
        trainTogether(
            rank ->
                MinibatchSizeOptimizer.builder(
                        EpochTimeMinimize.builder().maxLoops(4).iterationsPerLoop(2).build())
                    .maxBatchSize(64)
                    .budget(Budget.fixedSeconds(20))
                    .writeFiles(false)
                    .probeRunnerDecorator(slowed(rank))
                    .build()));
  }

  @Test
  void goodputOptimizerSearchesWithTheUpdatersCommunicator() {
    assertLockstep(trainTogether(rank -> goodput(rank).build()));
  }

  /** Goodput for member {@code rank}: sizes up to 64, a 2 s budget, rank 1's probes slowed. */
  private static GoodputOptimizer.Builder goodput(int rank) {
    return GoodputOptimizer.builder()
        .settings(SearchSettings.defaults().withMaxBatchSize(64).withBudget(Budget.fixedSeconds(2)))
        .writeFiles(false)
        .probeRunnerDecorator(slowed(rank));
  }

  /**
   * The members read the statistics across their shards from the step's own all-reduce, so all have
   * the same ones, and AdaScale gives all the same rate. (Before shard statistics existed each
   * member read windows of its own shard and only the broadcast of rank 0's statistics kept them
   * together; the broadcast stays as a safety net. The last re-estimate reuses the step times and
   * times nothing, so its trace may be empty.)
   */
  @Test
  void adaptiveGoodputOnTrainingGradientsKeepsTheMembersInLockstep() {
    assertSameTraining(
        trainTogether(
            rank ->
                goodput(rank)
                    .lrRule(LrRule.ADASCALE)
                    .everyEpochs(1)
                    .trainingGradients(TrainingGradients.ACROSS_SHARDS_OR_STEPS)
                    .build(),
            () -> IntervalTrigger.epochs(3)));
  }

  /**
   * Training times the sizes on every member: the first search waits for training's twenty steps on
   * all of them, and each growth's one-step memory check on the copies runs on both.
   */
  @Test
  void goodputExploringInTrainingKeepsTheMembersInLockstep() {
    List<GoodputOptimizer> optimizers = Collections.synchronizedList(new ArrayList<>());
    List<Member> members =
        trainTogether(
            rank -> {
              GoodputOptimizer g = goodput(rank).everyEpochs(1).exploreInTraining(true).build();
              optimizers.add(g);
              return g;
            },
            () -> IntervalTrigger.epochs(2));

    assertSameTraining(members);
    for (GoodputOptimizer g : optimizers) {
      assertThat(g.history().get(0).iteration()).isEqualTo(ReestimateSchedule.VERIFY_STEPS + 1);
      assertThat(g.history().get(0).batchSize()).isEqualTo(16);
    }
    assertThat(optimizers.get(1).history()).isEqualTo(optimizers.get(0).history());
  }
}
