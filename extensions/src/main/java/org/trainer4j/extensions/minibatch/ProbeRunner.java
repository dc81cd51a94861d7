package org.trainer4j.extensions.minibatch;

/**
 * Runs training steps at a given minibatch size and times each one. It is the only way a strategy
 * touches training, so tests substitute a simulated cost curve (and out-of-memory failures) for a
 * real model.
 */
public interface ProbeRunner {

  /**
   * Runs {@code steps} training steps with minibatch size {@code batchSize}.
   *
   * @return the seconds of each step, in order: wall-clock time, less any time the runner knows the
   *     step waited for a CPU ({@link ProbeRun} with a {@link RunQueueWait})
   * @throws RuntimeException or {@link OutOfMemoryError} whatever training throws; out-of-memory
   *     failures are recognised by the caller
   */
  double[] run(int batchSize, int steps);

  /**
   * Seconds the steps run so far waited for a CPU and left out of their times (0 for a runner that
   * times by wall clock alone): what the probes cost beyond their step times.
   */
  default double waitedSeconds() {
    return 0;
  }

  /**
   * Called after a step failed for lack of memory, before the search goes on with smaller sizes:
   * the place to release caches. Must not throw.
   */
  default void recoverFromOutOfMemory() {}
}
