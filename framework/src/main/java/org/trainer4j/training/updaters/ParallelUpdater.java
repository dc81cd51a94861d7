package org.trainer4j.training.updaters;

import com.google.common.base.Preconditions;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.datasets.Batch;
import org.trainer4j.iterators.BatchIterator;
import org.trainer4j.model.Model;
import org.trainer4j.model.StepResult;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.ProbeStep;
import org.trainer4j.training.RandomState;

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
public final class ParallelUpdater extends ShardedUpdater {

  private final int size;
  private final Duration timeout;
  private final boolean cuda;
  private final int devices;
  private final ReplicaSteps steps;
  private final int savedMaxThreads;
  private final int savedMaxMasterThreads;
  private boolean closed;

  private ParallelUpdater(Builder b) {
    super(b.iterator, b.optimizer);
    this.size = b.replicas;
    this.timeout = b.timeout;
    Environment env = Nd4j.getEnvironment();
    this.savedMaxThreads = env.maxThreads();
    this.savedMaxMasterThreads = env.maxMasterThreads();
    int threads =
        b.threadsPerReplica > 0
            ? b.threadsPerReplica
            : Math.max(1, Runtime.getRuntime().availableProcessors() / size);
    env.setMaxThreads(threads);
    env.setMaxMasterThreads(threads);
    this.devices = Nd4j.getAffinityManager().getNumberOfDevices();
    this.cuda = "CUDA".equalsIgnoreCase(backend());
    this.steps = new ReplicaSteps(size, timeout, initialRandomStates(size), cuda, devices);
  }

  /** A builder for an updater over {@code iterator} and {@code optimizer} (both {@code main}). */
  public static Builder builder(BatchIterator iterator, Optimizer optimizer) {
    return new Builder(iterator, optimizer);
  }

  @Override
  protected void beforeUpdate() {
    Preconditions.checkState(!closed, "the ParallelUpdater is closed");
    Preconditions.checkState(
        steps.idle(), "a replica of a failed step is still running; close this updater");
  }

  @Override
  protected StepResult updateCore(Batch batch) {
    checkDivisible(batch.size());
    List<ShardGradientListener> listeners = shardListeners();
    boolean norms = !listeners.isEmpty();
    StepResult result = steps.step(getOptimizer().getModel(), batch, getIteration() + 1, norms);
    ShardGradientNorms measured = norms ? steps.lastNorms() : null;
    if (measured != null) {
      for (ShardGradientListener listener : listeners) {
        listener.shardGradients(measured);
      }
    }
    return result;
  }

  @Override
  public int shardCount() {
    return size;
  }

  /**
   * The parallel step on {@code copy}: as many replica threads of their own (copies of {@code
   * copy}, generators starting from this updater's), the batch in shards, the gradients averaged,
   * one update; this updater's replicas, threads and generators are not touched.
   */
  @Override
  public ProbeStep probeStep(Model copy) {
    Preconditions.checkNotNull(copy, "copy");
    Preconditions.checkState(!closed, "the ParallelUpdater is closed");
    ReplicaSteps probe = new ReplicaSteps(size, timeout, steps.randomStates(), cuda, devices);
    return new ProbeStep() {
      private long taken;

      @Override
      public StepResult step(Batch batch, int batchSize) {
        checkDivisible(batch.size());
        return probe.step(copy, batch, ++taken);
      }

      @Override
      public void close() {
        probe.close();
      }
    };
  }

  private void checkDivisible(int examples) {
    Preconditions.checkArgument(
        examples % size == 0,
        "the batch of %s examples cannot be split evenly across %s replicas: use a batch size"
            + " divisible by %s",
        examples,
        size,
        size);
  }

  @Override
  public int batchSizeMultiple() {
    return size;
  }

  @Override
  public void serialize(Serializer s) {
    super.serialize(s);
    // Loaded parameters land in main only; each step starts by re-copying replicas that differ.
    for (int rank = 0; rank < size; rank++) {
      Serializer r = s.child("random:replica" + rank);
      if (!s.isLoading() || r.contains("root_state")) {
        RandomState state = steps.random(rank);
        long root = r.serializeLong("root_state", state.rootState());
        long node = r.serializeLong("node_state", state.nodeState());
        steps.setRandom(rank, new RandomState(root, node));
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

  /**
   * The replicas, main (the optimizer's model) first, created on first use. Exposed for tests and
   * diagnostics; do not train them directly.
   */
  public List<Model> replicas() {
    Preconditions.checkState(!closed, "the ParallelUpdater is closed");
    return steps.replicas(getOptimizer().getModel(), getIteration() + 1);
  }

  /** Number of replicas. */
  public int replicaCount() {
    return size;
  }

  /** How often a replica was found to differ from main at the start of a step and re-copied. */
  public long resynchronizations() {
    return steps.resynchronizations();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      steps.close();
    } finally {
      Nd4j.getEnvironment().setMaxThreads(savedMaxThreads);
      Nd4j.getEnvironment().setMaxMasterThreads(savedMaxMasterThreads);
      super.close();
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
     * not arrived by then fails the step. Timeouts over a century are cut to one, which means none.
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
