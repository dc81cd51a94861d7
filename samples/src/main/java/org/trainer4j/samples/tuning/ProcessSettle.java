package org.trainer4j.samples.tuning;

import com.google.common.base.Preconditions;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Waits, between two contenders of a benchmark, until this process's own background work has ended:
 * the CPU time the whole process uses (every thread, the garbage collector's and ND4J's
 * deallocation threads included) stays below {@link #QUIET_SHARE} of one core for {@link
 * #QUIET_WINDOWS} windows of {@link #WINDOW_MILLIS} ms in a row, or {@link #CAP_SECONDS} pass.
 *
 * <p>Why: after a contender that trained thousands of small steps (fixed 32 for three epochs of the
 * full-data MLP), the forced collection that frees its buffers leaves the process busy on both CPUs
 * for up to a second after it returns, and that work landed in the next contender's first seconds.
 * On the time-to-accuracy run of 5771217 every contender that followed such a run was 1.5-3.5 s
 * slower to its first validation than the same contender after any other (grid 512 on all eight
 * seeds), a large share of times to the target of 3-10 s. Measured here: 0.5-0.9 s of 200 ms CPU
 * per 100 ms window after a one-epoch fixed-32 run, then 0-10 ms.
 *
 * <p>Only a benchmark with no load of its own may use it: the tune benchmark's background load
 * spins inside this process, so the process would never look quiet there.
 */
final class ProcessSettle {

  /** Length of one window. */
  static final long WINDOW_MILLIS = 100;

  /** A window is quiet when the process used less than this share of one core in it. */
  static final double QUIET_SHARE = 0.2;

  /** Quiet windows in a row that end the wait. */
  static final int QUIET_WINDOWS = 3;

  /** The longest wait. */
  static final double CAP_SECONDS = 20;

  /** How long the wait took, and whether it ended quiet ({@code false}: the cap, or no clock). */
  record Result(double seconds, boolean settled) {}

  /** Sleeps for a number of milliseconds. */
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private final LongSupplier cpuNanos;
  private final LongSupplier wallNanos;
  private final Sleeper sleeper;

  /**
   * @param cpuNanos the process's CPU time in nanoseconds, negative where it cannot be read
   * @param wallNanos a monotonic clock in nanoseconds
   * @param sleeper how to wait a window
   */
  ProcessSettle(LongSupplier cpuNanos, LongSupplier wallNanos, Sleeper sleeper) {
    this.cpuNanos = Preconditions.checkNotNull(cpuNanos, "cpuNanos");
    this.wallNanos = Preconditions.checkNotNull(wallNanos, "wallNanos");
    this.sleeper = Preconditions.checkNotNull(sleeper, "sleeper");
  }

  /** This JVM's process CPU time, the system clock and {@link Thread#sleep}. */
  static ProcessSettle ofThisProcess() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    LongSupplier cpu =
        os instanceof com.sun.management.OperatingSystemMXBean hotspot
            ? hotspot::getProcessCpuTime
            : () -> -1;
    return new ProcessSettle(cpu, System::nanoTime, Thread::sleep);
  }

  /** Waits as the class describes; returns at once, unsettled, where CPU time cannot be read. */
  Result await() {
    long start = wallNanos.getAsLong();
    long last = cpuNanos.getAsLong();
    if (last < 0) {
      return new Result(0, false);
    }
    int quiet = 0;
    while (quiet < QUIET_WINDOWS) {
      long windowStart = wallNanos.getAsLong();
      if ((windowStart - start) / 1e9 >= CAP_SECONDS) {
        return new Result((windowStart - start) / 1e9, false);
      }
      try {
        sleeper.sleep(WINDOW_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Result((wallNanos.getAsLong() - start) / 1e9, false);
      }
      long cpu = cpuNanos.getAsLong();
      long elapsed = Math.max(1, wallNanos.getAsLong() - windowStart);
      quiet = (cpu - last) < QUIET_SHARE * elapsed ? quiet + 1 : 0;
      last = cpu;
    }
    return new Result((wallNanos.getAsLong() - start) / 1e9, true);
  }
}
