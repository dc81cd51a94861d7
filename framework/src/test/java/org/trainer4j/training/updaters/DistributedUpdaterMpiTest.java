package org.trainer4j.training.updaters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.datasets.Batch;
import org.trainer4j.parallel.Communicators;
import org.trainer4j.testing.MpiRun;
import org.trainer4j.training.updaters.DistributedJob.Norm;
import org.trainer4j.training.updaters.DistributedJob.Parts;

/**
 * {@link DistributedUpdater} across two MPI processes started by {@code mpirun} ({@link MpiJob}):
 * the same results as one process on the whole batch, faults that end the job, snapshots.
 */
class DistributedUpdaterMpiTest {

  private static final Duration LIMIT = Duration.ofSeconds(120);

  /** One equivalence job serves two tests: each mpirun start costs seconds of JVM start-up. */
  @TempDir static Path equivalence;

  @BeforeAll
  static void runTheEquivalenceJob() throws Exception {
    assumeTrue(
        MpiRun.available(),
        "mpirun is not on the PATH: install openmpi-bin and libopenmpi-dev (.ci/run does)");
    MpiRun.Result job =
        MpiRun.run(2, LIMIT, MpiJob.class, "equivalence", equivalence.toString(), "60");
    assertThat(job.exitCode()).as(job.output()).isZero();
  }

  @Test
  void twoProcessesOnShardsMatchOneProcessOnTheWholeBatchWithAndWithoutSyncBatchNorm()
      throws Exception {
    Path dir = equivalence;

    for (Norm norm : new Norm[] {Norm.NONE, Norm.SYNC}) {
      double[] expected = wholeBatch(norm == Norm.SYNC ? Norm.PLAIN : Norm.NONE);
      double[] rank0 = MpiJob.read(dir.resolve("params-" + norm + "-0"));
      double[] rank1 = MpiJob.read(dir.resolve("params-" + norm + "-1"));
      assertThat(rank1).as("ranks stay identical").containsExactly(rank0);
      assertThat(rank0).as(norm.toString()).containsExactly(expected, within(1e-12));
    }
  }

  @Test
  void syncBatchNormAcrossTwoProcessesEqualsWholeBatchNormInOutputsAndGradients() throws Exception {
    Path dir = equivalence;
    Parts whole = DistributedJob.create(Norm.PLAIN, 3);
    Batch batch = whole.iterator().next();
    MultiLayerNetwork net = whole.model().unwrap(MultiLayerNetwork.class);
    INDArray output = net.feedForwardToLayer(1, batch.features(), true).get(2);
    whole.model().computeGradients(batch);
    double[] gradient = whole.model().gradients().toDoubleVector();
    long meanFrom = offset(net, "1_mean");
    long statsTo = offset(net, "1_log10stdev") + 8;

    double[] sum = new double[gradient.length];
    for (int rank = 0; rank < 2; rank++) {
      double[] out = MpiJob.read(dir.resolve("bn-output-" + rank));
      double[] expectedRows = rowsOf(output, rank * 8, 8);
      assertThat(out).containsExactly(expectedRows, within(1e-12));
      double[] g = MpiJob.read(dir.resolve("bn-gradient-" + rank));
      for (int i = 0; i < g.length; i++) {
        boolean runningStatistic = i >= meanFrom && i < statsTo;
        // running-statistics deltas come from the global statistics: whole-batch values on each
        sum[i] = runningStatistic ? g[i] : sum[i] + g[i];
      }
    }
    assertThat(sum).containsExactly(gradient, within(1e-12));
  }

  @Test
  void aKilledRankEndsTheJobNonZeroWithinSeconds(@TempDir Path dir) throws Exception {
    MpiRun.Result job = MpiRun.run(2, LIMIT, MpiJob.class, "kill", dir.toString(), "60");

    assertThat(job.exitCode()).as(job.output()).isNotZero().isNotEqualTo(-1);
    assertThat(job.elapsed()).isLessThan(Duration.ofSeconds(40));
  }

  /**
   * Rank 0 waits in collective #8, the gradient allreduce of step 3 (#1-#3: iteration check,
   * parameter and Adam-state broadcasts; #4-#7: gradient and loss of steps 1 and 2), while rank 1
   * sleeps after #7.
   */
  @Test
  void aHungRankIsNamedByTheWatchdogAndTheJobEnds(@TempDir Path dir) throws Exception {
    MpiRun.Result job = MpiRun.run(2, LIMIT, MpiJob.class, "hang", dir.toString(), "3");

    assertThat(job.exitCode()).as(job.output()).isNotZero().isNotEqualTo(-1);
    assertThat(job.output())
        .contains(
            "collective #8 (allreduce(sum) of 83 DOUBLE) on rank 0 of 2 did not complete within 3.0 s")
        .contains("late: rank 1 (last entered collective #7, now outside any collective)");
    assertThat(job.elapsed()).isLessThan(Duration.ofSeconds(60));
  }

  @Test
  void aSnapshotFromTwoProcessesResumesInTwoAndInOne(@TempDir Path dir) throws Exception {
    MpiRun.Result first = MpiRun.run(2, LIMIT, MpiJob.class, "snapshot", dir.toString(), "60");
    assertThat(first.exitCode()).as(first.output()).isZero();
    MpiRun.Result second = MpiRun.run(2, LIMIT, MpiJob.class, "resume", dir.toString(), "60");
    assertThat(second.exitCode()).as(second.output()).isZero();

    MpiJob.resume(Communicators.single(), dir);

    double[] uninterrupted = MpiJob.read(dir.resolve("params-uninterrupted-0"));
    assertThat(MpiJob.read(dir.resolve("params-resumed-2-0"))).containsExactly(uninterrupted);
    assertThat(MpiJob.read(dir.resolve("params-resumed-2-1"))).containsExactly(uninterrupted);
    assertThat(MpiJob.read(dir.resolve("params-resumed-1-0")))
        .containsExactly(uninterrupted, within(1e-12));
  }

  private static double[] wholeBatch(Norm norm) {
    Parts parts = DistributedJob.create(norm, 3);
    StandardUpdater updater = parts.standard();
    for (int step = 0; step < MpiJob.STEPS; step++) {
      updater.update();
    }
    return parts.model().params().toDoubleVector();
  }

  private static long offset(MultiLayerNetwork net, String param) {
    return net.getParam(param).offset() - net.params().offset();
  }

  private static double[] rowsOf(INDArray a, int from, int n) {
    return a.get(
            org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + n),
            org.nd4j.linalg.indexing.NDArrayIndex.all())
        .dup()
        .reshape(a.columns() * (long) n)
        .toDoubleVector();
  }
}
