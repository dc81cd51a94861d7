package org.trainer4j.samples.tuning;

import com.google.common.base.Preconditions;
import com.google.common.math.Quantiles;
import java.util.List;

/**
 * A sample's median with a distribution-free confidence interval for it: the order statistics
 * {@code [x(k), x(n+1-k)]} with the largest {@code k} whose coverage, {@code 1 - 2 P(Bin(n, 1/2) <
 * k)}, is still at least {@link #CONFIDENCE}. It assumes nothing about the shape of the noise (a
 * round under load is not Gaussian), only that rounds are independent. Below six values no pair of
 * order statistics reaches 95 %, so the interval is the whole range and {@link #coverage()} says
 * how much it covers (75 % for three rounds): the range of three rounds is a weaker claim than it
 * looks.
 */
public record MedianInterval(double median, double low, double high, double coverage) {

  static final double CONFIDENCE = 0.95;

  public static MedianInterval of(List<Double> values) {
    Preconditions.checkArgument(!values.isEmpty(), "no values to take a median of");
    int nan = values.indexOf(Double.NaN);
    Preconditions.checkArgument(nan < 0, "NaN at index %s of %s: no median", nan, values);
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    int k = 1;
    while (k + 1 <= (n + 1) / 2 && coverage(n, k + 1) >= CONFIDENCE) {
      k++;
    }
    return new MedianInterval(
        Quantiles.median().compute(sorted), sorted[k - 1], sorted[n - k], coverage(n, k));
  }

  /** Whether the interval contains {@code value}. */
  public boolean contains(double value) {
    return low <= value && value <= high;
  }

  /**
   * {@code 1 - 2 P(Bin(n, 1/2) <= k - 1)}: the chance that {@code [x(k), x(n+1-k)]} holds the
   * median.
   */
  static double coverage(int n, int k) {
    double tail = 0;
    double term = Math.pow(0.5, n); // P(Bin = 0)
    for (int j = 0; j < k; j++) {
      tail += term;
      term = term * (n - j) / (j + 1);
    }
    return Math.max(0, 1 - 2 * tail);
  }
}
