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
   * @return the wall-clock seconds of each step, in order
   * @throws RuntimeException or {@link OutOfMemoryError} whatever training throws; out-of-memory
   *     failures are recognised by the caller
   */
  double[] run(int batchSize, int steps);

  /**
   * Called after a step failed for lack of memory, before the search goes on with smaller sizes:
   * the place to release caches. Must not throw.
   */
  default void recoverFromOutOfMemory() {}
}
