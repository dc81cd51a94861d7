package org.trainer4j.training.updaters;

import com.google.common.base.Preconditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.datasets.Batch;
import org.trainer4j.model.Model;
import org.trainer4j.model.StepResult;
import org.trainer4j.parallel.CollectiveAbortedException;
import org.trainer4j.parallel.Communicator;
import org.trainer4j.parallel.ReplicaGroup;
import org.trainer4j.training.RandomState;

/**
 * The replicas of one main model on their long-lived worker threads, and the synchronous step over
 * them that {@link ParallelUpdater} runs: shards, gradients, the average (each worker one slice),
 * main's update, the others' copy of main. One instance serves the live updater; a probe step gets
 * its own over a model copy, so timing the step never touches the live replicas or generators.
 */
final class ReplicaSteps implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaSteps.class);
  // Longer timeouts mean none (this is about 146 years); the cap keeps twice the timeout, the
  // step's deadline, countable in nanoseconds.
  private static final Duration LONGEST_TIMEOUT = Duration.ofNanos(Long.MAX_VALUE / 2);

  private final int size;
  private final Duration timeout;
  private final ReplicaGroup group;
  private final List<ExecutorService> workers = new ArrayList<>();
  private final List<Communicator> communicators = new ArrayList<>();
  private final List<Model> replicas = new ArrayList<>();
  // Replica r's ND4J generator (dropout masks) lives here, not in its worker's thread-local one:
  // each step puts it into the worker's generator and takes it back, so it is deterministic from
  // the start, saved with the updater, and still there after close().
  private final RandomState[] random;
  private final AtomicReference<Failure> failure = new AtomicReference<>();
  private List<Future<StepResult>> unfinished = List.of();
  private long resynchronizations;
  private boolean closed;
  // Squared norms of the last measured step's mean gradients: the shards', then the combined one.
  private final double[] shardSquaredNorms;
  private volatile double combinedSquaredNorm = Double.NaN;
  private volatile boolean measureNorms;
  private int lastShard;

  ReplicaSteps(int size, Duration timeout, RandomState[] random, boolean cuda, int devices) {
    Preconditions.checkArgument(random.length == size, "one generator per replica");
    this.size = size;
    this.timeout = timeout.compareTo(LONGEST_TIMEOUT) < 0 ? timeout : LONGEST_TIMEOUT;
    this.group = new ReplicaGroup(size, this.timeout);
    this.random = random.clone();
    this.shardSquaredNorms = new double[size];
    for (int rank = 0; rank < size; rank++) {
      communicators.add(group.communicator(rank));
      workers.add(Executors.newSingleThreadExecutor(threadFactory(rank, cuda, devices)));
    }
  }

  private static java.util.concurrent.ThreadFactory threadFactory(
      int rank, boolean cuda, int devices) {
    return task -> {
      Thread t =
          new Thread(
              () -> {
                if (cuda && devices > 1) {
                  Nd4j.getAffinityManager().unsafeSetDevice(rank % devices);
                }
                task.run();
              },
              "trainer4j-replica-" + rank);
      t.setDaemon(true);
      return t;
    };
  }

  /** Whether no replica of an earlier step is still running. */
  boolean idle() {
    return unfinished.stream().allMatch(Future::isDone);
  }

  /**
   * One step of all replicas on {@code batch} (divisible by the replica count), with {@code main}
   * as replica 0; {@code stepNumber} names the step in failures.
   */
  StepResult step(Model main, Batch batch, long stepNumber) {
    return step(main, batch, stepNumber, false);
  }

  /**
   * {@link #step(Model, Batch, long)}, measuring the gradient norms ({@link #lastNorms()}) when
   * {@code norms} is true.
   */
  StepResult step(Model main, Batch batch, long stepNumber, boolean norms) {
    Preconditions.checkState(!closed, "the replicas are closed");
    ensureReplicas(main, stepNumber);
    measureNorms = norms;
    combinedSquaredNorm = Double.NaN;
    int shard = batch.size() / size;
    lastShard = shard;
    group.reset();
    failure.set(null);
    List<Future<StepResult>> futures = new ArrayList<>();
    for (int rank = 0; rank < size; rank++) {
      int r = rank;
      futures.add(workers.get(rank).submit(() -> replicaStep(r, batch, shard, stepNumber)));
    }
    unfinished = futures;
    return Shards.mean(awaitAll(futures, stepNumber), batch.size());
  }

  /**
   * The gradient norms of the last step taken with {@code norms} true, or null if the last step did
   * not measure them or there is a single replica.
   */
  ShardGradientNorms lastNorms() {
    if (size < 2 || !Double.isFinite(combinedSquaredNorm)) {
      return null;
    }
    double sum = 0;
    for (double norm : shardSquaredNorms) {
      sum += norm;
    }
    return new ShardGradientNorms(lastShard, size, sum / size, combinedSquaredNorm);
  }

  /** The replicas of {@code main}, main first, created on first use. */
  List<Model> replicas(Model main, long stepNumber) {
    ensureReplicas(main, stepNumber);
    return List.copyOf(replicas);
  }

  RandomState random(int rank) {
    return random[rank];
  }

  void setRandom(int rank, RandomState state) {
    random[rank] = state;
  }

  /** Copies of the replicas' generator states, e.g. for a probe that draws as training would. */
  RandomState[] randomStates() {
    return random.clone();
  }

  long resynchronizations() {
    return resynchronizations;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ExecutorService worker : workers) {
      // Workspaces are per thread: a probe's, sized for its largest batch, would otherwise keep
      // memory that training needs until its threads are collected.
      worker.execute(ReplicaSteps::releaseWorkspaces);
      worker.shutdown();
    }
    try {
      for (ExecutorService worker : workers) {
        if (!worker.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          worker.shutdownNow();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      workers.forEach(ExecutorService::shutdownNow);
    }
  }

  private static void releaseWorkspaces() {
    try {
      Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    } catch (RuntimeException e) {
      LOG.debug("could not release a replica's workspaces: {}", e.toString());
    }
  }

  private StepResult replicaStep(int rank, Batch batch, int shard, long stepNumber) {
    try {
      Model main = replicas.get(0);
      Model replica = replicas.get(rank);
      if (rank > 0 && replica.params().distance1(main.params()) != 0.0) {
        // Never after our own steps; after a snapshot was loaded into main, or main was edited.
        replica.params().assign(main.params());
        synchronized (this) {
          resynchronizations++;
        }
        LOG.info("replica {} differed from main before step {}; re-copied", rank, stepNumber);
      }
      Communicator communicator = communicators.get(rank);
      StepResult result;
      Shards.bind(replica, communicator);
      random[rank].restoreToCurrentThread();
      try {
        result = replica.computeGradients(Shards.rows(batch, rank, shard));
      } finally {
        random[rank] = RandomState.ofCurrentThread();
        Shards.bind(replica, null);
      }
      boolean norms = measureNorms;
      if (norms) {
        shardSquaredNorms[rank] = ShardGradientNorms.ofMeanGradient(replica, shard);
      }
      communicator.barrier();
      averageGradientSlice(rank);
      communicator.barrier();
      if (rank == 0) {
        if (norms) { // before the update overwrites the gradient
          combinedSquaredNorm = ShardGradientNorms.ofMeanGradient(main, shard);
        }
        main.applyGradients(shard);
      }
      communicator.barrier();
      if (rank > 0) {
        replica.params().assign(main.params());
      }
      return result;
    } catch (Throwable t) {
      if (!(t instanceof CollectiveAbortedException)) {
        failure.compareAndSet(null, new Failure(rank, t));
        group.abort(t);
      }
      throw t;
    }
  }

  private void averageGradientSlice(int rank) {
    INDArray mainGradient = flat(replicas.get(0).gradients());
    long length = mainGradient.length();
    long from = length * rank / size;
    long to = length * (rank + 1) / size;
    if (from == to) {
      return;
    }
    INDArray slice = mainGradient.get(NDArrayIndex.interval(from, to));
    for (int r = 1; r < size; r++) {
      slice.addi(flat(replicas.get(r).gradients()).get(NDArrayIndex.interval(from, to)));
    }
    slice.divi(size);
  }

  private static INDArray flat(INDArray gradient) {
    return gradient.reshape(gradient.length());
  }

  private List<StepResult> awaitAll(List<Future<StepResult>> futures, long stepNumber) {
    // Replicas abort the group themselves when they fail, so the others return promptly; the
    // deadline only matters for a replica stuck outside any collective.
    long start = System.nanoTime();
    long limit = timeout.toNanos() * 2;
    List<StepResult> results = new ArrayList<>();
    Throwable other = null;
    for (int rank = 0; rank < futures.size(); rank++) {
      try {
        long left = Math.max(0, limit - (System.nanoTime() - start));
        results.add(futures.get(rank).get(left, TimeUnit.NANOSECONDS));
      } catch (ExecutionException e) {
        other = other == null ? e.getCause() : other;
      } catch (TimeoutException e) {
        TimeoutException timedOut =
            new TimeoutException(
                "replica " + rank + " did not finish its step within " + timeout.multipliedBy(2));
        group.abort(timedOut);
        failure.compareAndSet(null, new Failure(rank, timedOut));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        group.abort(e);
        throw new IllegalStateException("interrupted while waiting for the replicas", e);
      }
    }
    Failure first = failure.get();
    if (first != null) {
      throw new ReplicaFailureException(first.rank(), stepNumber, first.cause());
    }
    if (other != null) {
      Throwable cause = other.getCause() != null ? other.getCause() : other;
      throw new ReplicaFailureException(-1, stepNumber, cause);
    }
    return results;
  }

  private void ensureReplicas(Model main, long stepNumber) {
    Preconditions.checkState(
        main.isTraining(), "the optimizer's model is in evaluation mode; call setTraining(true)");
    if (!replicas.isEmpty() && replicas.get(0) == main) {
      return;
    }
    replicas.clear(); // the optimizer moved to another model
    replicas.add(main);
    for (int rank = 1; rank < size; rank++) {
      // Copied on the replica's own thread, so that its arrays live on that thread's device.
      replicas.add(runOn(rank, main::copy, stepNumber));
    }
  }

  private <T> T runOn(int rank, Callable<T> task, long stepNumber) {
    try {
      return workers.get(rank).submit(task).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new ReplicaFailureException(rank, stepNumber, e.getCause());
    } catch (TimeoutException e) {
      throw new ReplicaFailureException(rank, stepNumber, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating replicas", e);
    }
  }

  private record Failure(int rank, Throwable cause) {}
}
