package org.trainer4j.extensions.minibatch;

import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Predicts the largest minibatch that fits in memory from the probes already run. The peak memory
 * of a probe grows about linearly with the batch (activations, workspaces); each time a larger size
 * is probed, the growth per example since the previous largest probe is measured, and the largest
 * growth seen is used to extrapolate up to the limit minus the reserve kept for evaluation and
 * snapshots. With fewer than two probes nothing is refused.
 */
final class MemoryCeiling {

  private static final Logger log = LoggerFactory.getLogger(MemoryCeiling.class);

  private final MemoryGauge gauge;
  private final double reserve;
  private int largestSize;
  private long peakAtLargest = -1;
  private double bytesPerExample = Double.NaN;
  private boolean gaugeFailed;
  private boolean warnedOverLine;
  private boolean reclaimed;

  MemoryCeiling(MemoryGauge gauge, double reserve) {
    this.gauge = gauge;
    this.reserve = reserve;
  }

  /** Called before a probe: the next peak reading covers that probe only. */
  void beforeProbe() {
    if (!gaugeFailed) {
      try {
        gauge.resetPeak();
      } catch (RuntimeException e) {
        fail(e);
      }
    }
  }

  /** Records the peak memory of a successful probe at {@code batchSize}; returns it (-1: none). */
  long afterProbe(int batchSize) {
    long peak = read(gauge::peakUsedBytes);
    if (peak < 0) {
      return -1;
    }
    if (batchSize > largestSize) {
      if (largestSize > 0 && peak > peakAtLargest) {
        double slope = (double) (peak - peakAtLargest) / (batchSize - largestSize);
        bytesPerExample = Double.isNaN(bytesPerExample) ? slope : Math.max(bytesPerExample, slope);
      }
      largestSize = batchSize;
    }
    peakAtLargest = Math.max(peakAtLargest, peak);
    return peak;
  }

  /** The largest size predicted to peak below the limit minus the reserve. */
  int maxAllowed() {
    long limit = read(gauge::limitBytes);
    if (limit == Long.MAX_VALUE || limit < 0 || !(bytesPerExample > 0) || largestSize == 0) {
      return Integer.MAX_VALUE;
    }
    double line = limit * (1 - reserve);
    double base = peakAtLargest - bytesPerExample * largestSize;
    if (base > line && !reclaimed) {
      // Much of it may be garbage (ND4J's off-heap buffers are freed only when the collector finds
      // their owners): on the tune benchmark's tiny dataset, after its MLP and CNN workloads, the
      // JVM's 24 GB besides the batch refused every size above 64 where 512 was best. Once per
      // search, free what can be freed and take what is held now, between probes, as the base.
      reclaimed = true;
      long now = reclaimAndRead();
      if (now >= 0 && now < base) {
        peakAtLargest = now + (long) (bytesPerExample * largestSize);
        base = now;
      }
    }
    if (base > line) {
      // What the process holds besides the batch is past the line already (e.g. memory left by
      // earlier work in the JVM): no size restores the reserve, and extrapolating down would
      // refuse even the sizes that just ran (it once left a goodput search no size of 2).
      if (!warnedOverLine) {
        warnedOverLine = true;
        log.warn(
            "memory besides the batch ({} bytes) is already past the limit less the reserve ({} of"
                + " {} bytes): sizes up to {}, which ran, stay allowed; no larger one",
            (long) base,
            (long) line,
            limit,
            largestSize);
      }
      return largestSize;
    }
    double extra = Math.floor((line - peakAtLargest) / bytesPerExample);
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, largestSize + extra));
  }

  /** Estimated bytes per example, NaN until two sizes have been probed. */
  double bytesPerExample() {
    return bytesPerExample;
  }

  /** Why a size above the ceiling is refused without running it. */
  String refusal() {
    return String.format(
        "refused: predicted peak memory above the ceiling (%.0f bytes/example; %s)",
        bytesPerExample, describe());
  }

  String describe() {
    return gauge.describe() + String.format(", %.0f %% kept in reserve", reserve * 100);
  }

  /** {@code reading} from the gauge; -1 once the gauge has failed, which it then stays. */
  private long read(LongSupplier reading) {
    if (gaugeFailed) {
      return -1;
    }
    try {
      return reading.getAsLong();
    } catch (RuntimeException e) {
      fail(e);
      return -1;
    }
  }

  /** {@link MemoryGauge#reclaim}, then the bytes in use (-1 when the gauge failed). */
  private long reclaimAndRead() {
    return read(
        () -> {
          gauge.reclaim();
          return gauge.usedBytes();
        });
  }

  private void fail(RuntimeException e) {
    gaugeFailed = true;
    log.warn("memory gauge failed; no memory ceiling for this search: {}", e.toString());
  }
}
