package org.trainer4j.extensions.minibatch;

import java.util.Arrays;
import java.util.List;

/** Robust summaries of timing windows: the median, and the spread as a robust relative sigma. */
final class WindowStats {

  /** Scales a median absolute deviation to a Gaussian standard deviation. */
  private static final double MAD_TO_SIGMA = 1.4826;

  private WindowStats() {}

  static double median(List<Double> values) {
    return median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The median of {@code values} (left as they were), NaN for none. */
  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * The robust standard deviation relative to the median: {@code 1.4826 * MAD / median}. NaN for
   * fewer than two values.
   */
  static double relativeSpread(List<Double> values) {
    if (values.size() < 2) {
      return Double.NaN;
    }
    double median = median(values);
    Double[] deviations = values.stream().map(v -> Math.abs(v - median)).toArray(Double[]::new);
    double mad = median(Arrays.asList(deviations));
    return median > 0 ? MAD_TO_SIGMA * mad / median : Double.NaN;
  }
}
