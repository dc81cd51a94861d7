package org.trainer4j.iterators;

import com.google.common.base.Preconditions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.datasets.Batch;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.serialization.Serializer;

/**
 * Assembles batches on a thread pool while the model trains, as Chainer's {@code
 * MultithreadIterator}: the same {@link Sampler} as {@link SerialIterator} plans the batches in the
 * caller's thread, so with the same seed both serve the same batches in the same order; the pool
 * only runs {@link Dataset#get}. Up to {@code prefetch} planned batches wait as futures in a queue,
 * and {@link #next} takes the oldest.
 *
 * <p>The state ({@link #getState}, {@link #serialize}) is that of the last batch delivered, never
 * of the prefetched ones. Changing the batch size, the state or resetting discards the queued
 * batches and plans again from the delivered state, so no batch of an old size is ever served. A
 * failure in {@link Dataset#get} is rethrown by {@link #next} as a {@link PrefetchException} once
 * the caller reaches that batch, and closes the iterator. The pool's threads are named daemon
 * threads, started by the first {@link #next} and stopped by {@link #close}.
 */
public final class PrefetchIterator implements BatchIterator {

  private static final Logger log = LoggerFactory.getLogger(PrefetchIterator.class);
  private static final long STOP_TIMEOUT_MILLIS = 10_000;

  private final Sampler sampler;
  private final int workers;
  private final int prefetch;
  private final String threadName;

  // Guarded by this. The caller waits for a future without holding the lock, so that close()
  // from another thread is never blocked by a slow dataset.
  private int batchSize;
  private IteratorState delivered;
  private IteratorState planned;
  private final ArrayDeque<Planned> queue = new ArrayDeque<>();
  private ThreadPoolExecutor pool;
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private boolean closed;
  private Throwable failure;

  private PrefetchIterator(Builder b) {
    this.sampler = new Sampler(b);
    this.workers = b.workers;
    this.prefetch = b.prefetch != 0 ? b.prefetch : 2 * b.workers;
    this.threadName =
        "trainer4j-prefetch-"
            + (b.name != null ? b.name : Integer.toHexString(System.identityHashCode(this)));
    this.batchSize = b.batchSize;
    this.delivered = sampler.initial();
    this.planned = delivered;
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
    return sampler.dataset();
  }

  /** Number of worker threads. */
  public int getWorkers() {
    return workers;
  }

  /** Most batches planned ahead of the caller (being assembled or waiting in the queue). */
  public int getPrefetch() {
    return prefetch;
  }

  @Override
  public synchronized boolean hasNext() {
    return !sampler.isExhausted(delivered);
  }

  /**
   * The next batch in plan order, waiting for a worker to finish it if needed.
   *
   * @throws PrefetchException if assembling this batch failed (the cause is the dataset's
   *     exception) or the thread was interrupted while waiting; the iterator is closed afterwards
   * @throws IllegalStateException if the iterator is closed
   */
  @Override
  public Batch next() {
    while (true) {
      Planned head;
      synchronized (this) {
        checkOpen();
        if (sampler.isExhausted(delivered)) {
          throw new NoSuchElementException("the iterator has served its only epoch; call reset()");
        }
        startPool();
        fill();
        head = queue.peekFirst();
      }
      Batch batch = null;
      Throwable error = null;
      try {
        batch = head.future().get();
      } catch (ExecutionException e) {
        error = e.getCause();
      } catch (CancellationException e) {
        continue; // replanned or closed meanwhile: the loop's checks decide
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new PrefetchException("interrupted while waiting for the next batch", e);
      }
      synchronized (this) {
        if (queue.peekFirst() != head) {
          continue; // replanned while waiting: this batch belongs to the old plan
        }
        queue.removeFirst();
        if (error == null) {
          delivered = head.step().state();
          fill();
          return batch;
        }
        failure = error;
      }
      close();
      throw new PrefetchException(
          String.format(
              "failed to assemble the batch of examples %s: %s",
              preview(head.step().indices()), error),
          error);
    }
  }

  @Override
  public synchronized int getBatchSize() {
    return batchSize;
  }

  /** Sets the size of the following batches; prefetched batches of the old size are discarded. */
  @Override
  public synchronized void setBatchSize(int newBatchSize) {
    Preconditions.checkArgument(newBatchSize > 0, "batchSize must be positive: %s", newBatchSize);
    if (newBatchSize != batchSize) {
      batchSize = newBatchSize;
      replan();
    }
  }

  @Override
  public boolean isRepeat() {
    return sampler.repeat();
  }

  /** Whether each epoch is served in a new random order. */
  public boolean isShuffle() {
    return sampler.shuffle();
  }

  /** The state after the last batch delivered by {@link #next}. */
  @Override
  public synchronized IteratorState getState() {
    return delivered;
  }

  // Package-private: users restore a position through serialize (snapshots); tests set one here.
  synchronized void setState(IteratorState newState) {
    delivered = sampler.checkFits(newState);
    replan();
  }

  @Override
  public void reset() {
    setState(sampler.initial());
  }

  /** Saves or loads the batch size and the delivered state, under the keys SerialIterator uses. */
  @Override
  public synchronized void serialize(Serializer s) {
    int size = Sampler.serializeBatchSize(s, batchSize);
    IteratorState loaded = sampler.serialize(s, delivered);
    if (s.isLoading()) {
      batchSize = size;
      delivered = loaded;
      replan();
    }
  }

  /**
   * Stops the workers, interrupting any in {@link Dataset#get}, and waits for them to end. Safe to
   * call more than once and from any thread.
   */
  @Override
  public void close() {
    ThreadPoolExecutor toStop;
    List<Planned> discarded;
    synchronized (this) {
      closed = true;
      toStop = pool;
      discarded = new ArrayList<>(queue);
      queue.clear();
    }
    discarded.forEach(p -> p.future().cancel(true)); // wakes a caller waiting in next()
    if (toStop == null) {
      return;
    }
    toStop.shutdownNow();
    // Join the threads themselves: the pool reports termination just before they end.
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_TIMEOUT_MILLIS);
    boolean interrupted = false;
    for (Thread t : threads) {
      while (t.isAlive()) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          log.warn(
              "prefetch worker {} did not stop within {} ms", t.getName(), STOP_TIMEOUT_MILLIS);
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

  /** Plans batches after the last planned one until {@code prefetch} are queued. Holds lock. */
  private void fill() {
    while (queue.size() < prefetch && !sampler.isExhausted(planned)) {
      IteratorState.Step step = sampler.plan(planned, batchSize);
      planned = step.state();
      Dataset dataset = sampler.dataset();
      queue.addLast(
          new Planned(step, pool.submit(() -> dataset.get(step.indices(), step.epochs()))));
    }
  }

  /**
   * Drops the queued batches and plans again from the delivered state, prefetching at once if the
   * workers run. Batches being assembled finish undisturbed (an interrupt could break a dataset's
   * open file); their results are ignored. Holds lock.
   */
  private void replan() {
    queue.forEach(p -> p.future().cancel(false));
    queue.clear();
    planned = delivered;
    if (pool != null && !closed) {
      fill();
    }
  }

  private void startPool() {
    if (pool != null) {
      return;
    }
    AtomicInteger index = new AtomicInteger();
    pool =
        new ThreadPoolExecutor(
            workers,
            workers,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread t = new Thread(task, threadName + "-" + index.getAndIncrement());
              t.setDaemon(true);
              threads.add(t);
              return t;
            });
    pool.prestartAllCoreThreads();
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

  private static String preview(int[] indices) {
    if (indices.length <= 8) {
      return Arrays.toString(indices);
    }
    return Arrays.toString(Arrays.copyOf(indices, 8))
        .replace("]", ", ... (" + indices.length + ")]");
  }

  /** A planned batch: its indices, the state after it, and the worker's result to come. */
  private record Planned(IteratorState.Step step, Future<Batch> future) {}

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
     * Most batches planned ahead of the caller, in flight or queued; bounds the memory held. Below
     * {@code workers} some workers idle. Default: twice the workers.
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
