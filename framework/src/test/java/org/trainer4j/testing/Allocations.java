package org.trainer4j.testing;

import java.lang.management.ManagementFactory;

/**
 * Measures the heap bytes the calling thread allocates while running some code, so tests can state
 * that a reader never allocated what a hostile header claimed (HotSpot's per-thread counter).
 */
public final class Allocations {

  private Allocations() {}

  /** Code under measurement; may throw. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  /** The bytes allocated while the action ran, and what it threw (null if it returned). */
  public record Measured(long bytes, Throwable thrown) {}

  /** Runs {@code action} on this thread and measures it. */
  public static Measured during(Action action) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    Throwable thrown = null;
    try {
      action.run();
    } catch (Exception e) {
      thrown = e;
    }
    return new Measured(threads.getThreadAllocatedBytes(id) - before, thrown);
  }
}
