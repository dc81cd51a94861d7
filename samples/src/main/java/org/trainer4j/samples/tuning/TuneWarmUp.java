package org.trainer4j.samples.tuning;

import org.trainer4j.extensions.minibatch.ProbeRun;

/**
 * The tune benchmark's warm-up before a workload's first search: a throwaway model of the workload
 * trained at the initial size for {@link #SECONDS} and {@link #STEPS} steps (a tenth of each in
 * quick mode), as the time-to-accuracy benchmark warms up before its first contender. Without it
 * the first search of each workload paid the JVM's compilation of the workload's training path (the
 * quiet MLP's first measurement took 0.86 s without this, 0.38 s with it) and the searches after it
 * did not; the first search was always {@code ThroughputMaximize}'s. A search in a fresh JVM pays
 * the compilation instead of the training, which then starts compiled, so it is no cost of
 * searching.
 */
final class TuneWarmUp {

  /** Seconds of training the warm-up runs, at least (full mode). */
  static final double SECONDS = 3;

  /** Steps the warm-up runs, at least (full mode). */
  static final int STEPS = 30;

  private TuneWarmUp() {}

  /** Warms the JVM up on {@code w} at {@code initialBatchSize}; returns the seconds it took. */
  static double run(TuneWorkloads.Workload w, int initialBatchSize, boolean quick) {
    long start = System.nanoTime();
    double share = quick ? 0.1 : 1;
    try (ProbeRun run = w.probeRun(3)) {
      int steps = 0;
      while (steps < share * STEPS || (System.nanoTime() - start) / 1e9 < share * SECONDS) {
        run.run(initialBatchSize, 1);
        steps++;
      }
    }
    TimeToAccuracyBenchmark.releaseMemory();
    return (System.nanoTime() - start) / 1e9;
  }
}
