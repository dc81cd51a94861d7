package org.trainer4j.training.updaters;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.datasets.Batch;
import org.trainer4j.model.Model;
import org.trainer4j.parallel.Communicator;
import org.trainer4j.parallel.PeerFailedException;
import org.trainer4j.parallel.ReplicaGroup;
import org.trainer4j.testing.ReplicaThreads;
import org.trainer4j.training.ProbeStep;
import org.trainer4j.training.updaters.DistributedJob.Norm;
import org.trainer4j.training.updaters.DistributedJob.Parts;

/**
 * A probe step is the step the live updater takes, on a copy: the batch-size search times what
 * training will really run. Per-member batch normalization makes the data-parallel step differ from
 * one model's step on the whole batch, so a probe that fell back to {@code fit} would show.
 */
class ProbeStepTest {

  private static double maxDifference(INDArray a, INDArray b) {
    return a.sub(b).amaxNumber().doubleValue();
  }

  /** The first batch the job's iterator serves. */
  private static Batch firstBatch() {
    return DistributedJob.create(Norm.PLAIN, 3).iterator().next();
  }

  @Test
  void aParallelUpdatersProbeStepIsItsReplicaStepOnTheCopyNotOneModelsFit() {
    Parts live = DistributedJob.create(Norm.PLAIN, 3);
    Model copy = live.model().copy();
    Model alone = live.model().copy();
    Batch batch = firstBatch();

    try (ParallelUpdater updater =
            ParallelUpdater.builder(live.iterator(), live.optimizer()).replicas(2).build();
        ProbeStep probe = updater.probeStep(copy)) {
      probe.step(batch, DistributedJob.BATCH);
      updater.update();
    }
    alone.fit(batch);

    assertThat(maxDifference(copy.params(), live.model().params())).isLessThan(1e-12);
    assertThat(maxDifference(alone.params(), live.model().params())).isGreaterThan(1e-6);
  }

  @Test
  void probingLeavesTheLiveParallelUpdaterAsIfItHadNeverRun() {
    Parts probed = DistributedJob.create(Norm.PLAIN, 3);
    Parts untouched = DistributedJob.create(Norm.PLAIN, 3);
    INDArray before = probed.model().params().dup();

    try (ParallelUpdater a =
            ParallelUpdater.builder(probed.iterator(), probed.optimizer()).replicas(2).build();
        ParallelUpdater b =
            ParallelUpdater.builder(untouched.iterator(), untouched.optimizer())
                .replicas(2)
                .build()) {
      Model copy = probed.model().copy();
      try (ProbeStep probe = a.probeStep(copy)) {
        for (int i = 0; i < 3; i++) {
          probe.step(firstBatch(), DistributedJob.BATCH);
        }
      }
      assertThat(maxDifference(probed.model().params(), before)).isZero();
      assertThat(a.getIteration()).isZero();
      assertThat(probed.iterator().getState().position()).isZero();

      for (int i = 0; i < 2; i++) {
        a.update();
        b.update();
      }

      assertThat(maxDifference(probed.model().params(), untouched.model().params())).isZero();
      assertThat(a.resynchronizations()).isZero();
    }
  }

  @Test
  void aDistributedProbeStepIsTheJobsStepOnEachMembersCopy() {
    ReplicaGroup group = new ReplicaGroup(2, Duration.ofSeconds(30));

    List<Double> differences =
        ReplicaThreads.run(
            group,
            rank -> {
              Communicator comm = group.communicator(rank);
              Parts parts = DistributedJob.create(Norm.PLAIN, 3);
              Model copy = parts.model().copy();
              Model alone = parts.model().copy();
              DistributedUpdater updater = parts.updater(comm, 1);
              updater.probeStep(copy).step(firstBatch(), DistributedJob.BATCH);
              updater.update();
              alone.fit(firstBatch());
              assertThat(maxDifference(alone.params(), parts.model().params())).isGreaterThan(1e-6);
              return maxDifference(copy.params(), parts.model().params());
            });

    assertThat(differences).allMatch(d -> d < 1e-12);
  }

  @Test
  void aProbeStepThatFailsOnOneMemberFailsOnEveryMemberAndTheJobGoesOn() {
    ReplicaGroup group = new ReplicaGroup(2, Duration.ofSeconds(30));

    List<String> outcomes =
        ReplicaThreads.run(
            group,
            rank -> {
              Communicator comm = group.communicator(rank);
              Parts parts = DistributedJob.create(Norm.NONE, 3);
              Model copy = parts.model().copy();
              if (rank == 1) {
                copy.unwrap(MultiLayerNetwork.class)
                    .addListeners(
                        new BaseTrainingListener() {
                          @Override
                          public void onForwardPass(
                              org.deeplearning4j.nn.api.Model m, List<INDArray> activations) {
                            throw new IllegalStateException("injected out of memory");
                          }
                        });
              }
              DistributedUpdater updater = parts.updater(comm, 1);
              String outcome;
              try {
                updater.probeStep(copy).step(firstBatch(), DistributedJob.BATCH);
                outcome = "completed";
              } catch (PeerFailedException e) {
                outcome = "peer failed: " + e.failedMembers();
              } catch (IllegalStateException e) {
                outcome = e.getMessage();
              }
              updater.update(); // the members' collectives still match
              return outcome;
            });

    assertThat(outcomes).containsExactly("peer failed: 1", "injected out of memory");
  }
}
