package org.trainer4j.iterators;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.datasets.Batch;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.serialization.Serializer;

/**
 * Assembles batches on background threads while the model trains, Chainer's {@code
 * MultiprocessIterator} with threads. Batches are planned one after another by the same {@link
 * IteratorState#advance} as {@link SerialIterator}, so with the same seed both serve the same
 * batches in the same order; workers then call {@link Dataset#get} in parallel and the caller
 * receives the batches in plan order from a bounded buffer.
 *
 * <p>The state ({@link #getState}, {@link #serialize}) is that of the last batch delivered, never
 * of the prefetched ones. Changing the batch size, the state or resetting discards every batch
 * planned but not delivered and plans again, so no batch of an old size is ever served. A worker's
 * failure is rethrown by {@link #next} as a {@link PrefetchException} once the caller reaches that
 * batch, and shuts the workers down. Workers are named daemon threads, started by the first {@link
 * #next} and stopped by {@link #close}.
 */
public final class PrefetchIterator implements BatchIterator {

  private static final Logger log = LoggerFactory.getLogger(PrefetchIterator.class);
  private static final long JOIN_TIMEOUT_MILLIS = 10_000;

  private final Dataset dataset;
  private final boolean repeat;
  private final boolean shuffle;
  private final long seed;
  private final int workers;
  private final int prefetch;
  private final String threadName;

  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled when workers may plan again: room in the buffer, new plan, or closing. */
  private final Condition canPlan = lock.newCondition();

  /** Signalled when a batch arrives or the iterator closes. */
  private final Condition arrived = lock.newCondition();

  // Everything below is guarded by lock.
  private int batchSize;
  private IteratorState state;
  private IteratorState frontier;
  private long generation;
  private long nextToPlan;
  private long nextToDeliver;
  private final Map<Long, Result> ready = new HashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private boolean closed;
  private Throwable failure;

  private PrefetchIterator(Builder b) {
    this.dataset = b.dataset;
    this.repeat = b.repeat;
    this.shuffle = b.shuffle;
    this.seed = b.seed;
    this.workers = b.workers;
    this.prefetch = b.prefetch != 0 ? b.prefetch : 2 * b.workers;
    this.threadName =
        b.name != null
            ? "trainer4j-prefetch-" + b.name
            : "trainer4j-prefetch-" + Integer.toHexString(System.identityHashCode(this));
    this.batchSize = b.batchSize;
    this.state = IteratorState.initial(orderForEpoch(0));
    this.frontier = state;
  }

  /** A repeating, shuffling iterator with seed 0 and default workers. */
  public static PrefetchIterator of(Dataset dataset, int batchSize) {
    return builder(dataset).batchSize(batchSize).build();
  }

  public static Builder builder(Dataset dataset) {
    return new Builder(dataset);
  }

  @Override
  public Dataset getDataset() {
    return dataset;
  }

  /** Number of worker threads. */
  public int getWorkers() {
    return workers;
  }

  /** Most batches planned ahead of the caller (being assembled or waiting in the buffer). */
  public int getPrefetch() {
    return prefetch;
  }

  @Override
  public boolean hasNext() {
    lock.lock();
    try {
      return !state.isExhausted(repeat);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next batch in plan order, waiting for a worker to finish it if needed.
   *
   * @throws PrefetchException if a worker failed on this batch (the cause is its exception) or the
   *     thread was interrupted while waiting; the iterator is closed afterwards
   * @throws IllegalStateException if the iterator is closed
   */
  @Override
  public Batch next() {
    Result result;
    lock.lock();
    try {
      checkOpen();
      if (state.isExhausted(repeat)) {
        throw new NoSuchElementException("the iterator has served its only epoch; call reset()");
      }
      startWorkers();
      while ((result = ready.remove(nextToDeliver)) == null) {
        arrived.await();
        checkOpen();
      }
      nextToDeliver++;
      canPlan.signal(); // one slot freed: wake one worker, not the whole pool

      if (result.error() == null) {
        state = result.after();
        return result.batch();
      }
      failure = result.error();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = e;
      result = null;
    } finally {
      lock.unlock();
    }
    close();
    if (result == null) {
      throw new PrefetchException("interrupted while waiting for the next batch", failure);
    }
    throw new PrefetchException(
        String.format(
            "worker %s failed to assemble the batch of examples %s: %s",
            result.worker(), preview(result.indices()), failure),
        failure);
  }

  @Override
  public int getBatchSize() {
    lock.lock();
    try {
      return batchSize;
    } finally {
      lock.unlock();
    }
  }

  /** Sets the size of the following batches; prefetched batches of the old size are discarded. */
  @Override
  public void setBatchSize(int newBatchSize) {
    Preconditions.checkArgument(newBatchSize > 0, "batchSize must be positive: %s", newBatchSize);
    lock.lock();
    try {
      if (newBatchSize != batchSize) {
        batchSize = newBatchSize;
        replan();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isRepeat() {
    return repeat;
  }

  /** Whether each epoch is served in a new random order. */
  public boolean isShuffle() {
    return shuffle;
  }

  /** The state after the last batch delivered by {@link #next}. */
  @Override
  public IteratorState getState() {
    lock.lock();
    try {
      return state;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void setState(IteratorState newState) {
    IteratorState checked = IteratorStates.checkFits(newState, dataset.size(), shuffle);
    lock.lock();
    try {
      state = checked;
      replan();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void reset() {
    setState(IteratorState.initial(orderForEpoch(0)));
  }

  /** Saves or loads the batch size and the delivered state, under the keys SerialIterator uses. */
  @Override
  public void serialize(Serializer s) {
    lock.lock();
    try {
      int size = s.serializeInt("batch_size", batchSize);
      IteratorState loaded = IteratorStates.serialize(s, state, dataset.size(), shuffle);
      if (s.isLoading()) {
        Preconditions.checkArgument(size > 0, "loaded batch_size must be positive: %s", size);
        batchSize = size;
        state = loaded;
        replan();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the workers, interrupting any in {@link Dataset#get}, and waits for them to end. Safe to
   * call more than once and from any thread.
   */
  @Override
  public void close() {
    List<Thread> toJoin;
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        ready.clear();
        canPlan.signalAll();
        arrived.signalAll();
        threads.forEach(Thread::interrupt);
      }
      toJoin = List.copyOf(threads);
    } finally {
      lock.unlock();
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_TIMEOUT_MILLIS);
    boolean interrupted = Thread.interrupted();
    for (Thread t : toJoin) {
      while (t != Thread.currentThread() && t.isAlive()) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          log.warn(
              "prefetch worker {} did not stop within {} ms", t.getName(), JOIN_TIMEOUT_MILLIS);
          break;
        }
        try {
          t.join(left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Drops every planned batch and plans again from the delivered state. Caller holds lock. */
  private void replan() {
    generation++;
    frontier = state;
    nextToPlan = nextToDeliver;
    ready.clear();
    canPlan.signalAll();
  }

  private void startWorkers() {
    if (!threads.isEmpty()) {
      return;
    }
    for (int i = 0; i < workers; i++) {
      Thread t = new Thread(this::work, threadName + "-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  private void work() {
    try {
      workUntilClosed();
    } catch (RuntimeException | Error e) {
      // A bug here, not in the dataset (its failures travel with their batch): stop everything
      // rather than leave the caller waiting for a batch no worker will make.
      lock.lock();
      try {
        failure = e;
        closed = true;
        canPlan.signalAll();
        arrived.signalAll();
      } finally {
        lock.unlock();
      }
      throw e;
    }
  }

  private void workUntilClosed() {
    while (true) {
      Ticket ticket;
      lock.lock();
      try {
        while (!closed
            && (nextToPlan - nextToDeliver >= prefetch || frontier.isExhausted(repeat))) {
          canPlan.await();
        }
        if (closed) {
          return;
        }
        IteratorState.Step step =
            frontier.advance(batchSize, dataset.size(), repeat, this::orderForEpoch);
        ticket = new Ticket(generation, nextToPlan++, step);
        frontier = step.state();
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      Batch batch = null;
      Throwable error = null;
      try {
        batch = dataset.get(ticket.step().indices(), ticket.step().epochs());
      } catch (Throwable e) {
        error = e;
      }
      lock.lock();
      try {
        if (!closed && ticket.generation() == generation) {
          ready.put(
              ticket.sequence(),
              new Result(
                  ticket.step().state(),
                  ticket.step().indices(),
                  batch,
                  error,
                  Thread.currentThread().getName()));
          arrived.signalAll();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(
          failure != null
              ? "the iterator was closed after a failure: " + failure
              : "the iterator is closed",
          failure);
    }
  }

  private int[] orderForEpoch(int epoch) {
    return shuffle ? ShuffleOrder.forEpoch(seed, epoch, dataset.size()) : null;
  }

  private static String preview(int[] indices) {
    if (indices.length <= 8) {
      return Arrays.toString(indices);
    }
    return Arrays.toString(Arrays.copyOf(indices, 8))
        .replace("]", ", ... (" + indices.length + ")]");
  }

  /** A planned batch: the plan it belongs to, its place in that plan, its indices and state. */
  private record Ticket(long generation, long sequence, IteratorState.Step step) {}

  /** An assembled batch (or the error assembling it) with the state after it. */
  private record Result(
      IteratorState after, int[] indices, Batch batch, Throwable error, String worker) {}

  /**
   * Configures a {@link PrefetchIterator}; defaults: batch 32, repeat, shuffle, seed 0, 2 workers,
   * prefetch twice the workers.
   */
  public static final class Builder extends IteratorBuilder<Builder> {
    private int workers = 2;
    private int prefetch;
    private String name;

    private Builder(Dataset dataset) {
      super(dataset);
    }

    /** Number of background threads calling {@link Dataset#get}. */
    public Builder workers(int workers) {
      Preconditions.checkArgument(workers > 0, "workers must be positive: %s", workers);
      this.workers = workers;
      return this;
    }

    /**
     * Most batches planned ahead of the caller, in flight or buffered; bounds the memory held.
     * Below {@code workers} some workers idle. Default: twice the workers.
     */
    public Builder prefetch(int prefetch) {
      Preconditions.checkArgument(prefetch > 0, "prefetch must be positive: %s", prefetch);
      this.prefetch = prefetch;
      return this;
    }

    /** Names the worker threads {@code trainer4j-prefetch-<name>-<i>} (for logs and profilers). */
    public Builder name(String name) {
      Preconditions.checkArgument(
          name != null && !name.isBlank(), "name must not be blank: '%s'", name);
      this.name = name;
      return this;
    }

    public PrefetchIterator build() {
      return new PrefetchIterator(this);
    }
  }
}
