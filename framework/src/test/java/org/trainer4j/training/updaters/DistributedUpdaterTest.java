package org.trainer4j.training.updaters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.parallel.CollectiveAbortedException;
import org.trainer4j.parallel.Communicator;
import org.trainer4j.parallel.Communicators;
import org.trainer4j.parallel.RankShardedDataset;
import org.trainer4j.parallel.ReplicaGroup;
import org.trainer4j.testing.ReplicaThreads;
import org.trainer4j.testing.Resumed;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.DistributedJob.Norm;
import org.trainer4j.training.updaters.DistributedJob.Parts;

/**
 * {@link DistributedUpdater} with replica threads as its members: the same communicator contract as
 * MPI processes (which {@code DistributedUpdaterMpiTest} checks), without launching any.
 */
class DistributedUpdaterTest {

  private static final int STEPS = 4;

  @Test
  void membersOnShardsMatchOneProcessOnTheWholeBatchStartingFromRankZerosWeights() {
    assertMembersMatchWholeBatch(2, Norm.NONE, Norm.NONE);
    assertMembersMatchWholeBatch(4, Norm.NONE, Norm.NONE);
  }

  @Test
  void membersReadingOnlyTheirRowsThroughRankShardedDatasetTrainTheSame() {
    INDArray expected = wholeBatch(Norm.PLAIN);
    ReplicaGroup group = new ReplicaGroup(2, Duration.ofMinutes(1));

    List<Object[]> seen =
        ReplicaThreads.run(
            group,
            rank -> {
              Communicator comm = group.communicator(rank);
              Parts parts = DistributedJob.create(Norm.SYNC, 3 + rank);
              SerialIterator mine =
                  SerialIterator.builder(RankShardedDataset.of(DistributedJob.data(), comm))
                      .batchSize(DistributedJob.BATCH)
                      .seed(7)
                      .build();
              DistributedUpdater updater =
                  DistributedUpdater.builder(mine, parts.optimizer(), comm).build();
              for (int step = 0; step < STEPS; step++) {
                updater.update();
              }
              return new Object[] {parts.model().params().dup(), mine.getEpochDetail()};
            });

    for (Object[] r : seen) {
      assertThat(((INDArray) r[0]).sub(expected).amaxNumber().doubleValue()).isLessThan(1e-12);
      assertThat((double) r[1]).isEqualTo(STEPS * 16.0 / 64); // global epoch accounting
    }
  }

  @Test
  void withSyncBatchNormMembersMatchPlainBatchNormOnTheWholeBatch() {
    assertMembersMatchWholeBatch(2, Norm.SYNC, Norm.PLAIN);
  }

  @Test
  void perMemberBatchNormDiffersFromTheWholeBatchWhichIsWhySyncBatchNormExists() {
    INDArray whole = wholeBatch(Norm.PLAIN);

    List<INDArray> members = members(2, Norm.PLAIN, 100);

    assertThat(members.get(0).sub(whole).amaxNumber().doubleValue()).isGreaterThan(1e-4);
  }

  @Test
  void membersThatDriftApartAreResynchronizedFromRankZeroAtTheNextChecksum() {
    ReplicaGroup group = new ReplicaGroup(2, Duration.ofMinutes(1));

    List<Object[]> seen =
        ReplicaThreads.run(
            group,
            rank -> {
              Parts parts = DistributedJob.create(Norm.NONE, 3);
              DistributedUpdater updater = parts.updater(group.communicator(rank), 2);
              updater.update();
              if (rank == 1) {
                parts.model().params().getScalar(0).addi(0.5); // a silent divergence
              }
              updater.update();
              return new Object[] {parts.model().params().dup(), updater.resynchronizations()};
            });

    assertThat(seen.get(0)[1]).isEqualTo(1L);
    assertThat(seen.get(1)[1]).isEqualTo(1L);
    assertThat(((INDArray) seen.get(1)[0]).toDoubleVector())
        .containsExactly(((INDArray) seen.get(0)[0]).toDoubleVector());
  }

  @Test
  void aFailingMemberAbortsTheOthersInsteadOfLeavingThemWaiting() {
    ReplicaGroup group = new ReplicaGroup(2, Duration.ofSeconds(30));
    long start = System.nanoTime();

    assertThatThrownBy(
            () ->
                ReplicaThreads.run(
                    group,
                    rank -> {
                      Parts parts = DistributedJob.create(Norm.NONE, 3);
                      // member 1 serves batches of 15: not divisible by 2, so its step fails
                      parts.iterator().setBatchSize(rank == 1 ? 15 : 16);
                      DistributedUpdater updater = parts.updater(group.communicator(rank), 100);
                      updater.update();
                      updater.update();
                      return rank;
                    }))
        .satisfies(
            e -> {
              Throwable root = e instanceof CollectiveAbortedException ? e.getCause() : e;
              assertThat(root).hasMessageContaining("cannot be split evenly across 2 processes");
            });
    assertThat(group.abortCause()).isInstanceOf(IllegalArgumentException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void membersResumedAtDifferentIterationsRefuseToTrainNamingTheSharedSnapshot() {
    ReplicaGroup group = new ReplicaGroup(2, Duration.ofSeconds(30));

    List<String> messages =
        ReplicaThreads.run(
            group,
            rank -> {
              Parts parts = DistributedJob.create(Norm.NONE, 3);
              DistributedUpdater updater = parts.updater(group.communicator(rank), 100);
              Resumed.atIteration(updater, rank == 0 ? 8 : 0); // rank 1 found no snapshot to load
              try {
                updater.update();
                return "trained";
              } catch (IllegalStateException e) {
                return e.getMessage();
              }
            });

    assertThat(messages)
        .allSatisfy(
            m ->
                assertThat(m)
                    .contains("processes start at different iterations (0 to 8")
                    .contains("every rank must load the same snapshot"));
  }

  @Test
  void theRanksOfOneJobShareTheOutputDirectoryWhoseLockRankZeroHolds(@TempDir Path out) {
    ReplicaGroup group = new ReplicaGroup(2, Duration.ofSeconds(30));

    List<Long> iterations =
        ReplicaThreads.run(
            group,
            rank -> {
              Parts parts = DistributedJob.create(Norm.NONE, 3);
              Trainer trainer =
                  new Trainer(
                      parts.updater(group.communicator(rank), 100),
                      IntervalTrigger.iterations(2),
                      out);
              trainer.run();
              return trainer.getUpdater().getIteration();
            });

    assertThat(iterations).containsExactly(2L, 2L);
  }

  @Test
  void acceptsBatchSizesThatAreMultiplesOfTheMemberCount() {
    Parts parts = DistributedJob.create(Norm.NONE, 3);
    ReplicaGroup group = new ReplicaGroup(4, Duration.ofSeconds(1));

    assertThat(parts.updater(group.communicator(2), 1).batchSizeMultiple()).isEqualTo(4);
    assertThat(parts.updater(group.communicator(2), 1).communicator().rank()).isEqualTo(2);
    assertThat(parts.updater(Communicators.single(), 1).batchSizeMultiple()).isEqualTo(1);
  }

  private static void assertMembersMatchWholeBatch(int size, Norm members, Norm whole) {
    INDArray expected = wholeBatch(whole);

    List<INDArray> params = members(size, members, 1);

    for (INDArray p : params) {
      assertThat(p.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-12);
      assertThat(p.toDoubleVector()).containsExactly(params.get(0).toDoubleVector());
    }
  }

  /** One process, StandardUpdater, weights from seed 3. */
  private static INDArray wholeBatch(Norm norm) {
    Parts parts = DistributedJob.create(norm, 3);
    StandardUpdater updater = parts.standard();
    for (int step = 0; step < STEPS; step++) {
      updater.update();
    }
    return parts.model().params();
  }

  /** {@code size} members; member r starts from weight seed 3 + r, so only a broadcast agrees. */
  private static List<INDArray> members(int size, Norm norm, int checkEvery) {
    ReplicaGroup group = new ReplicaGroup(size, Duration.ofMinutes(1));
    return ReplicaThreads.run(
        group,
        rank -> {
          Parts parts = DistributedJob.create(norm, 3 + rank);
          DistributedUpdater updater = parts.updater(group.communicator(rank), checkEvery);
          for (int step = 0; step < STEPS; step++) {
            updater.update();
          }
          return parts.model().params().dup();
        });
  }
}
