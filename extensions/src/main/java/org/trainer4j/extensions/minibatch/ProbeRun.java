package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import com.google.common.base.Ticker;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.datasets.Batch;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.iterators.BatchIterator;
import org.trainer4j.iterators.IteratorState;
import org.trainer4j.model.Model;
import org.trainer4j.training.ProbeStep;
import org.trainer4j.training.Updater;

/**
 * A probe run over copies, as Chainer probes with {@code Link.copy}: a deep copy of the updater's
 * model (parameters, BN statistics, optimizer state and hyperparameters) trained on batches read
 * from a copy of the main iterator's state. Each step does what a training step of the live updater
 * does (assemble the next batch from the dataset, then the updater's own step on the copy, {@link
 * Updater#probeStep}: one model's update, or the replicas on shards with the gradient all-reduce,
 * or this process's shard and the job's all-reduce), so data loading and synchronization are timed
 * too, but the live model, optimizer, iterator, updater and trainer are never touched. Augmentation
 * draws from (seed, index, epoch) alone, so probing cannot change what training later sees; the one
 * thing probing cannot avoid sharing, ND4J's random generator (dropout), is saved when the run
 * opens and put back by {@link #close()}. A step's time is its wall-clock time less the time the
 * stepping thread waited for a CPU ({@link RunQueueWait}), when the run is given a way to read it.
 */
public final class ProbeRun implements ProbeRunner, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProbeRun.class);

  /** A share of the steps' wall time spent waiting for a CPU that the user is told about. */
  private static final double NOTABLE_WAIT = 0.01;

  private final Model model;
  private final ProbeStep step;
  private final Dataset dataset;
  private final Ticker ticker;
  private final RunQueueWait runQueueWait;
  private final long rngRoot;
  private final long rngNode;
  private final int[] order;
  private int position;
  private int epoch;
  private boolean closed;
  private long wallNanos;
  private long waitedNanos;

  private ProbeRun(
      Updater updater,
      Model live,
      BatchIterator iterator,
      Ticker ticker,
      RunQueueWait runQueueWait) {
    this.dataset = iterator.getDataset();
    Random rng = Nd4j.getRandom();
    this.rngRoot = rng.rootState();
    this.rngNode = rng.nodeState();
    this.model = live.copy();
    this.model.setTraining(true);
    this.step = updater.probeStep(model);
    IteratorState state = iterator.getState();
    this.order = state.order();
    this.position = state.position();
    this.epoch = state.epoch();
    this.ticker = ticker;
    this.runQueueWait = runQueueWait;
  }

  /**
   * Opens a probe run over copies of {@code updater}'s main model and iterator state, timing steps
   * by {@code ticker} alone.
   */
  public static ProbeRun over(Updater updater, Ticker ticker) {
    return over(updater, ticker, RunQueueWait.NONE);
  }

  /**
   * Opens a probe run for a search with {@code settings}: timed by their clock, less their
   * run-queue wait in a job of one process ({@link SearchSettings#runQueueWaitFor}).
   */
  public static ProbeRun over(Updater updater, SearchSettings settings) {
    Preconditions.checkNotNull(updater, "updater");
    Preconditions.checkNotNull(settings, "settings");
    return over(
        updater, settings.ticker(), settings.runQueueWaitFor(updater.communicator().size()));
  }

  /**
   * Opens a probe run over copies of {@code updater}'s main model and iterator state, timing steps
   * by {@code ticker} less the time the stepping thread waited for a CPU by {@code runQueueWait}
   * (both must count real time on the same thread).
   */
  public static ProbeRun over(Updater updater, Ticker ticker, RunQueueWait runQueueWait) {
    Preconditions.checkNotNull(updater, "updater");
    Preconditions.checkNotNull(ticker, "ticker");
    Preconditions.checkNotNull(runQueueWait, "runQueueWait");
    return new ProbeRun(
        updater, updater.getOptimizer().getModel(), updater.getIterator(), ticker, runQueueWait);
  }

  @Override
  public double waitedSeconds() {
    return waitedNanos / 1e9;
  }

  /** The model copy the probes train. */
  public Model model() {
    return model;
  }

  @Override
  public double[] run(int batchSize, int steps) {
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive: %s", batchSize);
    Preconditions.checkArgument(steps > 0, "steps must be positive: %s", steps);
    Preconditions.checkState(!closed, "the probe run is closed");
    double[] seconds = new double[steps];
    // One reading of the wait per step: it ends one step and starts the next (the file read stays
    // outside both steps' clock readings).
    long waitedBefore = runQueueWait.nanos();
    for (int i = 0; i < steps; i++) {
      long start = ticker.read();
      step.step(nextBatch(batchSize), batchSize);
      long wall = ticker.read() - start;
      long waitedAfter = runQueueWait.nanos();
      long waited = RunQueueWait.within(wall, waitedAfter - waitedBefore);
      waitedBefore = waitedAfter;
      wallNanos += wall;
      waitedNanos += waited;
      seconds[i] = (wall - waited) / 1e9;
    }
    return seconds;
  }

  /**
   * The next batch from the copied position, each example with the epoch it is served in (so an
   * augmentation draws as it would in training). At the end of an epoch the copy keeps the epoch's
   * order (the iterator's seeded orders are private to it); for timing, any order will do.
   */
  public Batch nextBatch(int batchSize) {
    int n = dataset.size();
    int[] indices = new int[batchSize];
    int[] epochs = new int[batchSize];
    for (int k = 0; k < batchSize; k++) {
      indices[k] = order == null ? position : order[position];
      epochs[k] = epoch;
      if (++position == n) {
        position = 0;
        epoch++;
      }
    }
    return dataset.get(indices, epochs);
  }

  @Override
  public void recoverFromOutOfMemory() {
    releaseWorkspaces("an out-of-memory probe");
  }

  /** Puts back the random generator; frees the probe's workspaces. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (waitedNanos > NOTABLE_WAIT * wallNanos) {
      log.info(
          "probe steps waited {} s for a CPU ({} % of their wall-clock time) while other threads"
              + " or processes ran; left out of their times",
          String.format("%.3f", waitedSeconds()),
          String.format("%.1f", 100.0 * waitedNanos / wallNanos));
    }
    step.close();
    Nd4j.getRandom().setStates(rngRoot, rngNode);
    releaseWorkspaces("the search");
  }

  private static void releaseWorkspaces(String after) {
    try {
      // Workspaces sized for the largest probe would keep memory that training needs.
      Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    } catch (RuntimeException e) {
      log.debug("could not release workspaces after {}: {}", after, e.toString());
    }
  }
}
