package org.trainer4j.samples.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.MomentumSGD;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.parallel.Communicator;
import org.trainer4j.parallel.Communicators;
import org.trainer4j.samples.bench.DistributedWorkload;
import org.trainer4j.training.Updater;
import org.trainer4j.training.updaters.DistributedUpdater;
import org.trainer4j.training.updaters.ParallelUpdater;
import org.trainer4j.training.updaters.StandardUpdater;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One timed run for {@code bench distributed}, started by it (alone, or under {@code mpirun}):
 * trains each workload for warm-up plus timed steps with one ND4J thread per process or replica,
 * and prints {@code RESULT <workload> <mode> <median step ms>} on rank 0.
 */
@Command(
    name = "distributed-worker",
    hidden = true,
    description = "A timed run of bench distributed (started by it).")
public final class BenchDistributedWorker implements Callable<Integer> {

  /** How the global batch is computed. */
  enum Mode {
    /** One process, one thread, StandardUpdater. */
    SINGLE,
    /** The MPI processes of this job, one thread each, DistributedUpdater. */
    PROCESSES,
    /** One process, 2 replica threads with one ND4J thread each, ParallelUpdater. */
    REPLICAS,
    /**
     * The machine's ceiling: the MPI processes of this job each train a model of their own on their
     * share of the batch (StandardUpdater, one thread), the per-process work of PROCESSES without
     * the gradient allreduce.
     */
    INDEPENDENT;

    /** Whether this mode runs under mpirun. */
    boolean multiProcess() {
      return this == PROCESSES || this == INDEPENDENT;
    }
  }

  @Option(names = "--mode", required = true)
  Mode mode;

  @Option(names = "--workloads", split = ",", required = true)
  DistributedWorkload[] workloads;

  @Option(names = "--warmup", defaultValue = "3")
  int warmup;

  @Option(names = "--steps", defaultValue = "10")
  int steps;

  @Override
  public Integer call() {
    Nd4j.getEnvironment().setMaxThreads(1);
    Nd4j.getEnvironment().setMaxMasterThreads(1);
    try (Communicator comm = mode.multiProcess() ? Communicators.auto() : Communicators.single()) {
      for (DistributedWorkload workload : workloads) {
        double[] times = time(workload, comm);
        Arrays.sort(times);
        if (comm.isRoot()) {
          System.out.printf(
              Locale.ROOT, "RESULT %s %s %.4f%n", workload, mode, times[times.length / 2]);
          System.out.flush();
        }
      }
    }
    return 0;
  }

  /**
   * Each timed step's duration in ms, the slowest rank's: every PROCESSES step ends in a
   * collective; INDEPENDENT processes start together (barrier) and the pair's step is its slower
   * member's.
   */
  private double[] time(DistributedWorkload workload, Communicator comm) {
    Model model = Model.of(workload.network());
    Optimizer optimizer = new MomentumSGD(0.01, 0.9);
    optimizer.setup(model);
    // INDEPENDENT: each process its share of the global batch, as a PROCESSES rank computes.
    int batch = mode == Mode.INDEPENDENT ? workload.batch() / comm.size() : workload.batch();
    SerialIterator iterator =
        SerialIterator.builder(workload.data()).batchSize(batch).seed(2).build();
    try (Updater updater = updater(iterator, optimizer, comm)) {
      for (int i = 0; i < warmup; i++) {
        updater.update();
      }
      comm.barrier();
      double[] times = new double[steps];
      for (int i = 0; i < steps; i++) {
        long start = System.nanoTime();
        updater.update();
        times[i] = (System.nanoTime() - start) / 1e6;
      }
      return comm.allReduce(times, org.trainer4j.parallel.ReduceOp.MAX);
    }
  }

  private Updater updater(SerialIterator iterator, Optimizer optimizer, Communicator comm) {
    return switch (mode) {
      case SINGLE, INDEPENDENT -> new StandardUpdater(iterator, optimizer);
      case PROCESSES -> DistributedUpdater.builder(iterator, optimizer, comm).build();
      case REPLICAS ->
          ParallelUpdater.builder(iterator, optimizer).replicas(2).threadsPerReplica(1).build();
    };
  }
}
