package org.trainer4j.extensions.minibatch;

/**
 * How long the calling thread has waited, runnable, for a CPU: the time another process (or another
 * thread) held the CPU it needed. A probe's step time minus this wait is what the step costs on a
 * machine to itself, so a load that switches on or off between two probes no longer makes one size
 * look slower than the other. On two CPUs with two spinning threads beside a one-thread
 * computation, the computation's wall time rose 1.4-1.8x while its time minus the wait stayed
 * within 2 % of the quiet time.
 *
 * <p>The wait is per thread, so it removes contention exactly where ND4J runs the step on the
 * calling thread (one OpenMP thread); with more, the other threads' waits stay in the step time.
 * Voluntary waits (sleeping on a loader, blocking on I/O or a collective) are not run-queue waits
 * and stay in the step time too.
 */
@FunctionalInterface
public interface RunQueueWait {

  /** No wait is ever seen: step times are wall-clock times. */
  RunQueueWait NONE = () -> 0L;

  /**
   * Nanoseconds the calling thread has spent runnable but not running, since some fixed origin;
   * only differences between two readings on the same thread mean anything.
   */
  long nanos();

  /**
   * The kernel's count for the calling thread where it keeps one (Linux's {@code
   * /proc/thread-self/schedstat}), else {@link #NONE}.
   */
  static RunQueueWait ofCallingThread() {
    return SchedstatRunQueueWait.openOrNone(SchedstatRunQueueWait.THREAD_SELF);
  }

  /**
   * The part of {@code waitedNanos} (the growth of {@link #nanos} over an interval) to leave out of
   * an interval of {@code wallNanos}: never negative, and never all of it, so that a step keeps a
   * positive time however the two counts' resolutions round.
   */
  static long within(long wallNanos, long waitedNanos) {
    return Math.max(0, Math.min(wallNanos - 1, waitedNanos));
  }
}
