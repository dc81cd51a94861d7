package org.trainer4j.training.updaters;

import com.google.common.base.Preconditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.datasets.Batch;
import org.trainer4j.iterators.BatchIterator;
import org.trainer4j.layers.impl.SyncBatchNormalizationLayer;
import org.trainer4j.model.Model;
import org.trainer4j.model.StepResult;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.RandomState;
import org.trainer4j.training.Reporter;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Updater;

/**
 * Chainer's ParallelUpdater: synchronous data-parallel training on N replicas of the optimizer's
 * model, one long-lived worker thread each. Every step splits the iterator's batch into N equal
 * shards (the batch size must be divisible by N), each replica computes the gradient of its shard,
 * the gradients are averaged (each worker reduces one slice of the parameter vector), the main
 * replica (the optimizer's model, the one extensions and snapshots see) applies the optimizer once,
 * and the other replicas copy its parameters, so all replicas are bit-identical after every step.
 * {@code SyncBatchNormalization} layers synchronize their statistics across the replicas; plain
 * batch normalization stays per replica, with its running-statistics deltas averaged.
 *
 * <p>Collectives wait at most the configured timeout. A replica that throws aborts the step at
 * once: {@link #update()} throws {@link ReplicaFailureException} with that replica's exception as
 * the cause, before the main model has been touched. Reports {@code main/loss}, {@code
 * main/accuracy} and {@code main/data_wait} like {@link StandardUpdater} and serializes the same
 * entries ({@code iterator:main}, {@code optimizer:main}, {@code model:main}, {@code iteration}),
 * plus each replica's random generator state ({@code random:replica<r>}), so that a resumed run
 * draws the dropout masks of the uninterrupted one.
 *
 * <p>On the CPU backend the workers share the cores: ND4J's per-op thread count is process-wide, so
 * while the updater is open it is set to {@code threadsPerReplica} (default cores / N) and restored
 * by {@link #close()}. With a CUDA backend, worker {@code i} is bound to device {@code i mod
 * devices} (untested here).
 */
public final class ParallelUpdater implements Updater {

  private static final Logger LOG = LoggerFactory.getLogger(ParallelUpdater.class);

  private final BatchIterator iterator;
  private final Optimizer optimizer;
  private final int size;
  private final Duration timeout;
  private final ReplicaGroup group;
  private final List<ExecutorService> workers = new ArrayList<>();
  private final int savedMaxThreads;
  private final int savedMaxMasterThreads;
  private final List<Model> replicas = new ArrayList<>();
  // Replica r's ND4J generator (dropout masks) lives here, not in its worker's thread-local one:
  // each step puts it into the worker's generator and takes it back, so it is deterministic from
  // the start, saved with the updater, and still there after close().
  private final RandomState[] replicaRandom;
  private final AtomicReference<Failure> failure = new AtomicReference<>();
  private List<Future<StepResult>> unfinished = List.of();
  private Reporter reporter = new Reporter();
  private long iteration;
  private long resynchronizations;
  private boolean closed;

  private ParallelUpdater(Builder b) {
    this.iterator = b.iterator;
    this.optimizer = b.optimizer;
    this.size = b.replicas;
    this.timeout = b.timeout;
    optimizer.getModel(); // fails early, naming setup(), if no model is attached
    this.group = new ReplicaGroup(size, timeout);
    this.replicaRandom = initialRandomStates(size);
    Environment env = Nd4j.getEnvironment();
    this.savedMaxThreads = env.maxThreads();
    this.savedMaxMasterThreads = env.maxMasterThreads();
    int threads =
        b.threadsPerReplica > 0
            ? b.threadsPerReplica
            : Math.max(1, Runtime.getRuntime().availableProcessors() / size);
    env.setMaxThreads(threads);
    env.setMaxMasterThreads(threads);
    int devices = Nd4j.getAffinityManager().getNumberOfDevices();
    boolean cuda = "CUDA".equalsIgnoreCase(backend());
    for (int rank = 0; rank < size; rank++) {
      int r = rank;
      workers.add(
          Executors.newSingleThreadExecutor(
              task -> {
                Thread t =
                    new Thread(
                        () -> {
                          if (cuda && devices > 1) {
                            Nd4j.getAffinityManager().unsafeSetDevice(r % devices);
                          }
                          group.join(r);
                          task.run();
                        },
                        "trainer4j-replica-" + r);
                t.setDaemon(true);
                return t;
              }));
    }
  }

  /** A builder for an updater over {@code iterator} and {@code optimizer} (both {@code main}). */
  public static Builder builder(BatchIterator iterator, Optimizer optimizer) {
    return new Builder(iterator, optimizer);
  }

  @Override
  public void connectTrainer(Trainer trainer) {
    this.reporter = trainer.getReporter();
  }

  @Override
  public void update() {
    Preconditions.checkState(!closed, "the ParallelUpdater is closed");
    Preconditions.checkState(
        unfinished.stream().allMatch(Future::isDone),
        "a replica of a failed step is still running; close this updater");
    long start = System.nanoTime();
    Batch batch = getIterator().next();
    double dataWait = (System.nanoTime() - start) / 1e9;
    Preconditions.checkArgument(
        batch.size() % size == 0,
        "the batch of %s examples cannot be split evenly across %s replicas: use a batch size"
            + " divisible by %s",
        batch.size(),
        size,
        size);
    ensureReplicas();
    int shard = batch.size() / size;
    group.reset();
    failure.set(null);
    List<Future<StepResult>> futures = new ArrayList<>();
    for (int rank = 0; rank < size; rank++) {
      int r = rank;
      futures.add(workers.get(rank).submit(() -> replicaStep(r, batch, shard)));
    }
    unfinished = futures;
    List<StepResult> results = awaitAll(futures);
    iteration++;
    report(results, dataWait);
  }

  /**
   * The replicas, main (the optimizer's model) first, created on first use. Exposed for tests and
   * diagnostics; do not train them directly.
   */
  public List<Model> replicas() {
    Preconditions.checkState(!closed, "the ParallelUpdater is closed");
    ensureReplicas();
    return List.copyOf(replicas);
  }

  /** Number of replicas. */
  public int replicaCount() {
    return size;
  }

  /** How often a replica was found to differ from main at the start of a step and re-copied. */
  public long resynchronizations() {
    return resynchronizations;
  }

  @Override
  public BatchIterator getIterator() {
    return iterator;
  }

  @Override
  public BatchIterator getIterator(String name) {
    Preconditions.checkArgument(
        StandardUpdater.MAIN.equals(name), "no iterator '%s'; have [main]", name);
    return iterator;
  }

  @Override
  public Optimizer getOptimizer() {
    return optimizer;
  }

  @Override
  public Optimizer getOptimizer(String name) {
    Preconditions.checkArgument(
        StandardUpdater.MAIN.equals(name), "no optimizer '%s'; have [main]", name);
    return optimizer;
  }

  @Override
  public long getIteration() {
    return iteration;
  }

  /** Each batch is split evenly across the replicas. */
  @Override
  public int batchSizeMultiple() {
    return size;
  }

  @Override
  public void setIteration(long iteration) {
    Preconditions.checkArgument(iteration >= 0, "iteration must not be negative: %s", iteration);
    this.iteration = iteration;
  }

  @Override
  public void serialize(Serializer s) {
    iterator.serialize(s.child("iterator:" + StandardUpdater.MAIN));
    optimizer.serialize(s.child("optimizer:" + StandardUpdater.MAIN));
    optimizer.getModel().serialize(s.child("model:" + StandardUpdater.MAIN));
    iteration = s.serializeLong("iteration", iteration);
    // Loaded parameters land in main only; each step starts by re-copying replicas that differ.
    for (int rank = 0; rank < size; rank++) {
      Serializer r = s.child("random:replica" + rank);
      if (!s.isLoading() || r.contains("root_state")) {
        long root = r.serializeLong("root_state", replicaRandom[rank].rootState());
        long node = r.serializeLong("node_state", replicaRandom[rank].nodeState());
        replicaRandom[rank] = new RandomState(root, node);
      }
    }
  }

  /**
   * Distinct generator states for the replicas, derived (without drawing) from the generator of the
   * thread building the updater, which the model's {@code init()} seeded: the same seed gives the
   * same dropout masks in every run.
   */
  private static RandomState[] initialRandomStates(int size) {
    RandomState origin = RandomState.ofCurrentThread();
    RandomState[] states = new RandomState[size];
    for (int rank = 0; rank < size; rank++) {
      SplittableRandom mix =
          new SplittableRandom(origin.rootState() ^ (rank * 0x9E3779B97F4A7C15L));
      states[rank] = new RandomState(mix.nextLong(), origin.nodeState() + mix.nextLong());
    }
    return states;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ExecutorService worker : workers) {
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
    } finally {
      if (!replicas.isEmpty()) {
        bind(replicas.get(0), null);
      }
      Nd4j.getEnvironment().setMaxThreads(savedMaxThreads);
      Nd4j.getEnvironment().setMaxMasterThreads(savedMaxMasterThreads);
      iterator.close();
    }
  }

  private StepResult replicaStep(int rank, Batch batch, int shard) {
    try {
      Model main = replicas.get(0);
      Model replica = replicas.get(rank);
      if (rank > 0 && replica.params().distance1(main.params()) != 0.0) {
        // Never after our own steps; after a snapshot was loaded into main, or main was edited.
        replica.params().assign(main.params());
        synchronized (this) {
          resynchronizations++;
        }
        LOG.info("replica {} differed from main before step {}; re-copied", rank, iteration + 1);
      }
      replicaRandom[rank].restoreToCurrentThread();
      StepResult result = replica.computeGradients(shardOf(batch, rank, shard));
      replicaRandom[rank] = RandomState.ofCurrentThread();
      group.barrier();
      averageGradientSlice(rank);
      group.barrier();
      if (rank == 0) {
        main.applyGradients(shard);
      }
      group.barrier();
      if (rank > 0) {
        replica.params().assign(main.params());
      }
      return result;
    } catch (Throwable t) {
      if (!(t instanceof ReplicaGroupAbortedException)) {
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

  private static Batch shardOf(Batch batch, int rank, int shard) {
    return new Batch(rows(batch.features(), rank, shard), rows(batch.labels(), rank, shard));
  }

  private static INDArray rows(INDArray array, int rank, int shard) {
    INDArrayIndex[] index = new INDArrayIndex[array.rank()];
    index[0] = NDArrayIndex.interval((long) rank * shard, (long) (rank + 1) * shard);
    for (int i = 1; i < index.length; i++) {
      index[i] = NDArrayIndex.all();
    }
    return array.get(index).dup();
  }

  private List<StepResult> awaitAll(List<Future<StepResult>> futures) {
    // Replicas abort the group themselves when they fail, so the others return promptly; the
    // deadline only matters for a replica stuck outside any collective.
    long deadline = System.nanoTime() + timeout.toNanos() * 2;
    List<StepResult> results = new ArrayList<>();
    Throwable other = null;
    for (int rank = 0; rank < futures.size(); rank++) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
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
      throw new ReplicaFailureException(first.rank(), iteration + 1, first.cause());
    }
    if (other != null) {
      Throwable cause = other.getCause() != null ? other.getCause() : other;
      throw new ReplicaFailureException(-1, iteration + 1, cause);
    }
    return results;
  }

  private void report(List<StepResult> results, double dataWait) {
    double loss = results.stream().mapToDouble(StepResult::loss).average().orElse(Double.NaN);
    reporter.report(StandardUpdater.MAIN, "loss", loss);
    if (results.stream().allMatch(StepResult::hasAccuracy)) {
      reporter.report(
          StandardUpdater.MAIN,
          "accuracy",
          results.stream().mapToDouble(StepResult::accuracy).average().orElseThrow());
    }
    reporter.report(StandardUpdater.MAIN, "data_wait", dataWait);
  }

  private void ensureReplicas() {
    Model main = optimizer.getModel();
    Preconditions.checkState(
        main.isTraining(), "the optimizer's model is in evaluation mode; call setTraining(true)");
    if (!replicas.isEmpty() && replicas.get(0) == main) {
      return;
    }
    if (!replicas.isEmpty()) {
      bind(replicas.get(0), null); // the optimizer moved to another model (e.g. a probe copy)
    }
    replicas.clear();
    replicas.add(main);
    for (int rank = 1; rank < size; rank++) {
      // Copied on the replica's own thread, so that its arrays live on that thread's device.
      replicas.add(runOn(rank, main::copy));
    }
    for (Model replica : replicas) {
      bind(replica, group);
    }
  }

  private <T> T runOn(int rank, java.util.concurrent.Callable<T> task) {
    try {
      return workers.get(rank).submit(task).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new ReplicaFailureException(rank, iteration + 1, e.getCause());
    } catch (TimeoutException e) {
      throw new ReplicaFailureException(rank, iteration + 1, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating replicas", e);
    }
  }

  private static void bind(Model model, ReplicaGroup group) {
    for (var layer : model.layers()) {
      if (layer instanceof SyncBatchNormalizationLayer sync) {
        sync.setReplicaGroup(group);
      }
    }
  }

  private static String backend() {
    Object backend = Nd4j.getExecutioner().getEnvironmentInformation().get("backend");
    return backend == null ? "" : backend.toString();
  }

  private static int defaultReplicas() {
    return "CUDA".equalsIgnoreCase(backend())
        ? Math.max(1, Nd4j.getAffinityManager().getNumberOfDevices())
        : 2;
  }

  private record Failure(int rank, Throwable cause) {}

  /** Builds a {@link ParallelUpdater}. */
  public static final class Builder {
    private final BatchIterator iterator;
    private final Optimizer optimizer;
    private int replicas = defaultReplicas();
    private Duration timeout = Duration.ofMinutes(2);
    private int threadsPerReplica;

    private Builder(BatchIterator iterator, Optimizer optimizer) {
      this.iterator = Preconditions.checkNotNull(iterator, "iterator");
      this.optimizer = Preconditions.checkNotNull(optimizer, "optimizer");
    }

    /** Number of replicas, N (default: the CUDA device count, else 2 CPU replicas). */
    public Builder replicas(int replicas) {
      Preconditions.checkArgument(replicas > 0, "replicas must be positive: %s", replicas);
      this.replicas = replicas;
      return this;
    }

    /**
     * Longest wait for the slowest replica at a collective (default 2 minutes); a replica that has
     * not arrived by then fails the step.
     */
    public Builder timeout(Duration timeout) {
      Preconditions.checkNotNull(timeout, "timeout");
      Preconditions.checkArgument(
          !timeout.isNegative() && !timeout.isZero(), "timeout must be positive: %s", timeout);
      this.timeout = timeout;
      return this;
    }

    /** ND4J threads per op while the updater is open (default: available cores / N). */
    public Builder threadsPerReplica(int threads) {
      Preconditions.checkArgument(threads > 0, "threadsPerReplica must be positive: %s", threads);
      this.threadsPerReplica = threads;
      return this;
    }

    public ParallelUpdater build() {
      return new ParallelUpdater(this);
    }
  }
}
