package org.trainer4j.parallel;

import com.google.common.base.Preconditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The replicas of a data-parallel job inside one JVM, one thread each, and the collectives they run
 * together, built on a JDK {@link Phaser}: {@link #allGather} (every replica gets every replica's
 * contribution, in rank order) and, through {@link #communicator(int)}, everything a {@link
 * Communicator} offers. Every wait is bounded by the group's timeout, and {@link #abort} wakes all
 * waiters at once, so a replica that fails or never arrives can never hang the others.
 */
public final class ReplicaGroup {

  private final int size;
  private final long timeoutNanos;
  // Two slot arrays, by phase parity: a replica can be at most one phase ahead of the slowest
  // reader, so the array it writes is never the one still being read.
  private final Object[][] slots;
  private final AtomicIntegerArray lastArrival;
  private final AtomicReference<Throwable> abortCause = new AtomicReference<>();
  private volatile Phaser phaser;

  /**
   * A group of {@code size} replicas whose collectives wait at most {@code timeout} for the last
   * replica to arrive; a timeout longer than {@code Long.MAX_VALUE} nanoseconds is cut to that.
   */
  public ReplicaGroup(int size, Duration timeout) {
    Preconditions.checkArgument(size > 0, "size must be positive: %s", size);
    Preconditions.checkNotNull(timeout, "timeout");
    Preconditions.checkArgument(
        !timeout.isNegative() && !timeout.isZero(), "timeout must be positive: %s", timeout);
    this.size = size;
    // Saturates where Duration.toNanos throws: a timeout beyond ~292 years means none.
    this.timeoutNanos = TimeUnit.NANOSECONDS.convert(timeout);
    this.slots = new Object[2][size];
    this.lastArrival = new AtomicIntegerArray(size);
    this.phaser = newPhaser();
  }

  public int size() {
    return size;
  }

  public Duration timeout() {
    return Duration.ofNanos(timeoutNanos);
  }

  /** The communicator of replica {@code rank}: call it only from that replica's thread. */
  public Communicator communicator(int rank) {
    checkRank(rank);
    return new ReplicaCommunicator(this, rank);
  }

  /**
   * Replica {@code rank} contributes {@code value} and gets all replicas' contributions in rank
   * order, once every replica has contributed. Contributions are shared, not copied: do not modify
   * them afterwards.
   *
   * @throws CollectiveAbortedException if the group is aborted, or the wait times out (which aborts
   *     the group, naming the replicas that did not arrive)
   */
  public <T> List<T> allGather(int rank, T value) {
    checkRank(rank);
    Phaser current = phaser;
    checkNotAborted();
    // The phase cannot advance before this replica arrives, so this is the phase it arrives in.
    int phase = current.getPhase();
    if (phase < 0) {
      throw aborted();
    }
    Object[] buffer = slots[phase & 1];
    buffer[rank] = value;
    lastArrival.set(rank, phase);
    current.arrive();
    try {
      if (current.awaitAdvanceInterruptibly(phase, timeoutNanos, TimeUnit.NANOSECONDS) < 0) {
        throw aborted();
      }
    } catch (TimeoutException e) {
      abort(new TimeoutException(lateMessage(phase)));
      throw aborted();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort(e);
      throw aborted();
    }
    @SuppressWarnings("unchecked")
    List<T> all = (List<T>) Collections.unmodifiableList(Arrays.asList(buffer.clone()));
    return all;
  }

  /**
   * Aborts the group: every replica waiting now or arriving later gets a {@link
   * CollectiveAbortedException} with the first abort's {@code cause}, until {@link #reset()}.
   */
  public void abort(Throwable cause) {
    Preconditions.checkNotNull(cause, "cause");
    abortCause.compareAndSet(null, cause);
    phaser.forceTermination();
  }

  /** The cause of the abort, or null if the group is not aborted. */
  public Throwable abortCause() {
    return abortCause.get();
  }

  /** Clears an abort and any half-finished collective; call only while no replica is inside. */
  public void reset() {
    phaser = newPhaser();
    abortCause.set(null);
  }

  private Phaser newPhaser() {
    for (int r = 0; r < size; r++) {
      lastArrival.set(r, -1);
    }
    return new Phaser(size);
  }

  private void checkRank(int rank) {
    Preconditions.checkArgument(
        rank >= 0 && rank < size, "rank must be in [0, %s): %s", size, rank);
  }

  private void checkNotAborted() {
    if (abortCause.get() != null) {
      throw aborted();
    }
  }

  private CollectiveAbortedException aborted() {
    Throwable cause = abortCause.get();
    return new CollectiveAbortedException(
        "replica group aborted: " + (cause == null ? "terminated" : cause.getMessage()), cause);
  }

  private String lateMessage(int phase) {
    List<Integer> missing = new ArrayList<>();
    for (int r = 0; r < size; r++) {
      if (lastArrival.get(r) < phase) {
        missing.add(r);
      }
    }
    return String.format(
        "replicas %s did not reach collective #%d within %d ms",
        missing, phase, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
  }
}
