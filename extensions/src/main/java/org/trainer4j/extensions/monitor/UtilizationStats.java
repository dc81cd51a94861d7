package org.trainer4j.extensions.monitor;

import com.google.common.base.Preconditions;
import com.google.common.math.Quantiles;
import com.google.common.math.Stats;
import java.util.Arrays;

/**
 * Summary of utilization samples taken over a block of work. {@link #top50Mean()} is the seed
 * paper's statistic: the mean of the upper half of the samples, which ignores the idle gaps
 * between iterations (data loading) and reflects how busy the device is while it computes.
 *
 * @param count number of samples
 * @param deviceLost true if sampling stopped early because the device failed
 */
public record UtilizationStats(
    int count,
    double mean,
    double top50Mean,
    double stddev,
    double min,
    double max,
    double p50,
    double p90,
    double p99,
    boolean deviceLost) {

  /** Stats with no samples (all figures NaN). */
  public static UtilizationStats empty(boolean deviceLost) {
    double n = Double.NaN;
    return new UtilizationStats(0, n, n, n, n, n, n, n, n, deviceLost);
  }

  /** Summarizes {@code samples} (percentages). */
  public static UtilizationStats of(double[] samples, boolean deviceLost) {
    Preconditions.checkNotNull(samples, "samples");
    if (samples.length == 0) {
      return empty(deviceLost);
    }
    Stats stats = Stats.of(samples);
    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    // Upper half, rounding the half up so a single sample is its own top half.
    int half = (sorted.length + 1) / 2;
    double top = Stats.meanOf(Arrays.copyOfRange(sorted, sorted.length - half, sorted.length));
    var q = Quantiles.percentiles().indexes(50, 90, 99).compute(samples);
    return new UtilizationStats(
        samples.length,
        stats.mean(),
        top,
        samples.length > 1 ? stats.sampleStandardDeviation() : 0.0,
        stats.min(),
        stats.max(),
        q.get(50),
        q.get(90),
        q.get(99),
        deviceLost);
  }

  /** True when at least one sample was taken. */
  public boolean hasSamples() {
    return count > 0;
  }
}
