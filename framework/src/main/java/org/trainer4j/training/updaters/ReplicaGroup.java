package org.trainer4j.training.updaters;

import com.google.common.base.Preconditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The replicas of a data-parallel job, one thread each, and the collectives they run together:
 * {@link #allGather} (every replica gets every replica's contribution, in rank order, so results
 * computed from it are bit-identical everywhere) and {@link #barrier}. Every wait is bounded by the
 * group's timeout, and {@link #abort} wakes all waiters at once, so a replica that fails or never
 * arrives can never hang the others. A thread becomes a member with {@link #join}; layers ask
 * {@link #isMember()} to decide whether to synchronize.
 */
public final class ReplicaGroup {

  private final int size;
  private final long timeoutNanos;
  private final ThreadLocal<Integer> rankOfThread = new ThreadLocal<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition completed = lock.newCondition();

  private Object[] slots;
  private Object[] published;
  private boolean[] arrived;
  private int arrivals;
  private long generation;
  private Throwable abortCause;

  /**
   * A group of {@code size} replicas whose collectives wait at most {@code timeout} for the last
   * replica to arrive.
   */
  public ReplicaGroup(int size, Duration timeout) {
    Preconditions.checkArgument(size > 0, "size must be positive: %s", size);
    Preconditions.checkNotNull(timeout, "timeout");
    Preconditions.checkArgument(
        !timeout.isNegative() && !timeout.isZero(), "timeout must be positive: %s", timeout);
    this.size = size;
    this.timeoutNanos = timeout.toNanos();
    this.slots = new Object[size];
    this.arrived = new boolean[size];
  }

  public int size() {
    return size;
  }

  public Duration timeout() {
    return Duration.ofNanos(timeoutNanos);
  }

  /** Makes the calling thread replica {@code rank} of this group. */
  public void join(int rank) {
    Preconditions.checkArgument(
        rank >= 0 && rank < size, "rank must be in [0, %s): %s", size, rank);
    rankOfThread.set(rank);
  }

  /** The calling thread stops being a member. */
  public void leave() {
    rankOfThread.remove();
  }

  /** Whether the calling thread is a replica of this group. */
  public boolean isMember() {
    return rankOfThread.get() != null;
  }

  /** The calling thread's rank. */
  public int rank() {
    Integer rank = rankOfThread.get();
    Preconditions.checkState(
        rank != null, "thread %s is not a member of this replica group", Thread.currentThread());
    return rank;
  }

  /**
   * Contributes {@code value} and returns all replicas' contributions in rank order, once every
   * replica has contributed. Contributions are shared, not copied: do not modify them afterwards.
   *
   * @throws ReplicaGroupAbortedException if the group is aborted, or the wait times out (which
   *     aborts the group)
   */
  public <T> List<T> allGather(T value) {
    int rank = rank();
    lock.lock();
    try {
      checkNotAborted();
      Preconditions.checkState(
          !arrived[rank], "replica %s entered the same collective twice", rank);
      long myGeneration = generation;
      slots[rank] = value;
      arrived[rank] = true;
      arrivals++;
      if (arrivals == size) {
        published = slots;
        slots = new Object[size];
        arrived = new boolean[size];
        arrivals = 0;
        generation++;
        completed.signalAll();
      } else {
        awaitGeneration(myGeneration);
      }
      @SuppressWarnings("unchecked")
      List<T> all = (List<T>) Collections.unmodifiableList(Arrays.asList(published));
      return all;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until every replica has arrived; same failure behaviour as {@link #allGather}. */
  public void barrier() {
    allGather(Boolean.TRUE);
  }

  /**
   * Aborts the group: every replica waiting now or arriving later gets a {@link
   * ReplicaGroupAbortedException} with the first abort's {@code cause}, until {@link #reset()}.
   */
  public void abort(Throwable cause) {
    Preconditions.checkNotNull(cause, "cause");
    lock.lock();
    try {
      if (abortCause == null) {
        abortCause = cause;
      }
      completed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The cause of the abort, or null if the group is not aborted. */
  public Throwable abortCause() {
    lock.lock();
    try {
      return abortCause;
    } finally {
      lock.unlock();
    }
  }

  /** Clears an abort and any half-finished collective; call only while no replica is inside. */
  public void reset() {
    lock.lock();
    try {
      abortCause = null;
      slots = new Object[size];
      arrived = new boolean[size];
      arrivals = 0;
      generation++;
    } finally {
      lock.unlock();
    }
  }

  private void awaitGeneration(long myGeneration) {
    long remaining = timeoutNanos;
    while (generation == myGeneration && abortCause == null) {
      if (remaining <= 0) {
        abortCause = new TimeoutException(timeoutMessage());
        completed.signalAll();
        break;
      }
      try {
        remaining = completed.awaitNanos(remaining);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abortCause = e;
        completed.signalAll();
      }
    }
    checkNotAborted();
  }

  private void checkNotAborted() {
    if (abortCause != null) {
      throw new ReplicaGroupAbortedException(
          "replica group aborted: " + abortCause.getMessage(), abortCause);
    }
  }

  private String timeoutMessage() {
    List<Integer> missing = new ArrayList<>();
    for (int r = 0; r < size; r++) {
      if (!arrived[r]) {
        missing.add(r);
      }
    }
    return String.format(
        "replicas %s did not reach the collective within %d ms",
        missing, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
  }
}
