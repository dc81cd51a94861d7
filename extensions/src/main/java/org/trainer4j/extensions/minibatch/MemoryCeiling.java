package org.trainer4j.extensions.minibatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Predicts the largest minibatch that fits in memory from the probes already run. Memory in use
 * after a probe grows about linearly with the batch (activations, workspaces); each time a larger
 * size is probed, the growth per example since the previous largest probe is measured, and the
 * largest growth seen is used to extrapolate. With fewer than two probes nothing is refused.
 */
final class MemoryCeiling {

  private static final Logger log = LoggerFactory.getLogger(MemoryCeiling.class);

  private final MemoryGauge gauge;
  private final double safetyMargin;
  private int largestSize;
  private long usedAtLargest = -1;
  private double bytesPerExample = Double.NaN;
  private boolean gaugeFailed;

  MemoryCeiling(MemoryGauge gauge, double safetyMargin) {
    this.gauge = gauge;
    this.safetyMargin = safetyMargin;
  }

  /** Records the memory in use right after a successful probe at {@code batchSize}. */
  void observe(int batchSize) {
    long used = read(true);
    if (used < 0) {
      return;
    }
    if (batchSize > largestSize) {
      if (largestSize > 0 && used > usedAtLargest) {
        double slope = (double) (used - usedAtLargest) / (batchSize - largestSize);
        bytesPerExample = Double.isNaN(bytesPerExample) ? slope : Math.max(bytesPerExample, slope);
      }
      largestSize = batchSize;
    }
    usedAtLargest = Math.max(usedAtLargest, used);
  }

  /** The largest size predicted to stay below the limit minus the margin. */
  int maxAllowed() {
    long limit = read(false);
    if (limit == Long.MAX_VALUE || limit < 0 || !(bytesPerExample > 0) || largestSize == 0) {
      return Integer.MAX_VALUE;
    }
    double usable = limit * (1 - safetyMargin) - usedAtLargest;
    double extra = Math.floor(usable / bytesPerExample);
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, largestSize + extra));
  }

  /** Estimated bytes per example, NaN until two sizes have been probed. */
  double bytesPerExample() {
    return bytesPerExample;
  }

  String describe() {
    return gauge.describe();
  }

  private long read(boolean used) {
    if (gaugeFailed) {
      return -1;
    }
    try {
      return used ? gauge.usedBytes() : gauge.limitBytes();
    } catch (RuntimeException e) {
      gaugeFailed = true;
      log.warn("memory gauge failed; no memory ceiling for this search: {}", e.toString());
      return -1;
    }
  }
}
