package org.trainer4j.extensions.minibatch.goodput;

import com.google.common.base.Preconditions;

/**
 * Exponential moving averages of the raw {@link GradientNoise} estimates, an immutable value
 * advanced by {@link #add}. The two terms are averaged separately and the ratio taken afterwards,
 * because the mean of ratios of noisy estimates is biased (McCandlish et al., appendix A; Pollux
 * does the same). The averages are bias-corrected, so the first estimate is taken as it is rather
 * than pulled towards zero.
 *
 * <p>Besides the means it keeps the exponentially weighted second moments, so that it can report
 * the spread of the raw estimates and the standard error of the smoothed ones, and the components
 * are plain numbers, so a snapshot can store the state and a resumed run continue it exactly.
 *
 * @param decay weight of the past at each update, in {@code [0, 1)}; 0 keeps only the last estimate
 * @param count raw estimates added so far
 * @param sqrMean EMA of the raw {@code |G|^2} estimates (not bias-corrected)
 * @param traceMean EMA of the raw {@code tr(Sigma)} estimates (not bias-corrected)
 * @param sqrSquareMean EMA of their squares
 * @param traceSquareMean EMA of their squares
 * @param productMean EMA of the products {@code |G|^2 tr(Sigma)}, for the ratio's error
 */
public record SmoothedGradientNoise(
    double decay,
    long count,
    double sqrMean,
    double traceMean,
    double sqrSquareMean,
    double traceSquareMean,
    double productMean) {

  /** Standard errors above zero at which the smoothed signal {@code |G|^2} counts as measured. */
  public static final double RESOLVED_STANDARD_ERRORS = 2;

  public SmoothedGradientNoise {
    Preconditions.checkArgument(decay >= 0 && decay < 1, "decay must be in [0, 1): %s", decay);
    Preconditions.checkArgument(count >= 0, "count must not be negative: %s", count);
    // A snapshot or a broadcast restores these: a NaN would surface estimates later, unnamed.
    checkFinite(sqrMean, "sqrMean");
    checkFinite(traceMean, "traceMean");
    checkFinite(sqrSquareMean, "sqrSquareMean");
    checkFinite(traceSquareMean, "traceSquareMean");
    checkFinite(productMean, "productMean");
  }

  private static void checkFinite(double value, String name) {
    Preconditions.checkArgument(Double.isFinite(value), "%s must be finite: %s", name, value);
  }

  /** No estimate yet, averaging with weight {@code decay} on the past. */
  public static SmoothedGradientNoise start(double decay) {
    return new SmoothedGradientNoise(decay, 0, 0, 0, 0, 0, 0);
  }

  /** The components in declaration order, for snapshots and for broadcasting to other processes. */
  public double[] toArray() {
    return new double[] {
      decay, count, sqrMean, traceMean, sqrSquareMean, traceSquareMean, productMean
    };
  }

  /** The state {@link #toArray()} gave. */
  public static SmoothedGradientNoise fromArray(double[] a) {
    Preconditions.checkNotNull(a, "a");
    Preconditions.checkArgument(a.length == 7, "need 7 components, got %s", a.length);
    Preconditions.checkArgument(
        a[1] >= 0 && a[1] == Math.rint(a[1]) && a[1] <= Long.MAX_VALUE,
        "count (component 1) must be a whole number >= 0: %s",
        a[1]);
    return new SmoothedGradientNoise(a[0], (long) a[1], a[2], a[3], a[4], a[5], a[6]);
  }

  /** This state with one more raw estimate averaged in. */
  public SmoothedGradientNoise add(GradientNoise raw) {
    Preconditions.checkNotNull(raw, "raw");
    double s = raw.gradientSquared();
    double t = raw.trace();
    return new SmoothedGradientNoise(
        decay,
        count + 1,
        mix(sqrMean, s),
        mix(traceMean, t),
        mix(sqrSquareMean, s * s),
        mix(traceSquareMean, t * t),
        mix(productMean, s * t));
  }

  /**
   * The smoothed statistics, to take ratios of.
   *
   * @throws IllegalStateException before the first {@link #add}
   */
  public GradientNoise current() {
    Preconditions.checkState(count > 0, "no gradient noise estimate has been added yet");
    return new GradientNoise(corrected(sqrMean), corrected(traceMean));
  }

  /**
   * The statistics to choose a size and a learning rate with: {@link #current()}, except that a
   * signal {@code |G|^2} at or below zero counts as {@link #RESOLVED_STANDARD_ERRORS} of its
   * standard errors, the smallest signal that would be resolved. Taken as it is, such a signal
   * calls the noise scale infinite: every size equally efficient, so one unlucky estimate sent
   * goodput's argmax to the whole dataset (the subset MLP: one estimate, {@code |G|^2 = -0.14},
   * argmax 5,500). This way the noise scale is a lower bound instead. A single estimate has no
   * standard error: its magnitude stands in (a negative estimate of a non-negative quantity is
   * noise at least that large). A positive signal is taken as measured even when it is within two
   * standard errors of zero: raising it to that floor as well biased every noisy reading low (a
   * full-data MLP search read B_noise 796 +- 530 as 563 and chose 110 instead of 131, on a workload
   * whose best fixed size is 256).
   *
   * @throws IllegalStateException before the first {@link #add}
   */
  public GradientNoise cautious() {
    GradientNoise mean = current();
    if (mean.gradientSquared() > 0) {
      return mean;
    }
    double floor =
        Math.max(
            RESOLVED_STANDARD_ERRORS * spread().sqrStandardError(),
            Math.abs(mean.gradientSquared()));
    return new GradientNoise(floor, mean.trace());
  }

  /**
   * True once the smoothed {@code |G|^2} is at least {@link #RESOLVED_STANDARD_ERRORS} of its
   * standard errors above zero; false before the first estimate.
   */
  public boolean signalResolved() {
    if (count == 0) {
      return false;
    }
    double sqr = current().gradientSquared();
    return sqr > 0 && sqr >= RESOLVED_STANDARD_ERRORS * spread().sqrStandardError();
  }

  /**
   * How far the raw estimates scatter (their exponentially weighted standard deviations) and how
   * uncertain the smoothed ones are (standard errors, with the effective number of estimates the
   * weights amount to).
   *
   * @throws IllegalStateException before the first {@link #add}
   */
  public NoiseSpread spread() {
    GradientNoise mean = current();
    double s = mean.gradientSquared();
    double t = mean.trace();
    double sqrVariance = Math.max(0, corrected(sqrSquareMean) - s * s);
    double traceVariance = Math.max(0, corrected(traceSquareMean) - t * t);
    double covariance = corrected(productMean) - s * t;
    double n = effectiveCount();
    // Delta method for the ratio t / s: its relative variance is the relative variances of both
    // terms minus twice their relative covariance (the two are computed from the same norms).
    double relativeVariance =
        (traceVariance / (t * t) + sqrVariance / (s * s) - 2 * covariance / (s * t)) / n;
    // One estimate (or a decay of 0, which keeps one) has no spread to measure: its error is
    // unknown, not zero (a first search with one estimate printed "B_noise 234 +- 0.0").
    double ratioError =
        s > 0 && t > 0 && hasSpread(n)
            ? mean.noiseScale() * Math.sqrt(Math.max(0, relativeVariance))
            : Double.NaN;
    return new NoiseSpread(Math.sqrt(sqrVariance), Math.sqrt(traceVariance), n, ratioError);
  }

  /**
   * The number of equally weighted estimates that would average as precisely as these exponentially
   * weighted ones: {@code (sum w)^2 / sum w^2}, which is {@code (1 + d)(1 - d^n) / ((1 - d)(1 +
   * d^n))} for decay {@code d} after {@code n} estimates (1 after one, {@code (1 + d) / (1 - d)} in
   * the long run).
   */
  public double effectiveCount() {
    if (count == 0) {
      return 0;
    }
    double dn = Math.pow(decay, count);
    return (1 + decay) * (1 - dn) / ((1 - decay) * (1 + dn));
  }

  /** Whether estimates worth {@code effectiveCount} can show a spread: more than one's worth. */
  private static boolean hasSpread(double effectiveCount) {
    return effectiveCount > 1 + 1e-9;
  }

  private double mix(double average, double value) {
    return decay * average + (1 - decay) * value;
  }

  private double corrected(double average) {
    return average / (1 - Math.pow(decay, count));
  }

  /**
   * The scatter of the raw estimates and the uncertainty of the smoothed ones.
   *
   * @param sqrStd standard deviation of the raw {@code |G|^2} estimates
   * @param traceStd standard deviation of the raw {@code tr(Sigma)} estimates
   * @param effectiveCount how many equally weighted estimates the average is worth
   * @param noiseScaleStandardError standard error of the smoothed noise scale (delta method), NaN
   *     when either smoothed term is not positive or the estimates are worth one ({@link
   *     #effectiveCount} 1: a single estimate, or decay 0)
   */
  public record NoiseSpread(
      double sqrStd, double traceStd, double effectiveCount, double noiseScaleStandardError) {

    /**
     * Whether these estimates can show a spread at all: worth more than one (a single estimate, or
     * a decay of 0, has standard deviations of 0 that measure nothing).
     */
    public boolean hasSpread() {
      return SmoothedGradientNoise.hasSpread(effectiveCount);
    }

    /** Standard error of the smoothed {@code |G|^2}. */
    public double sqrStandardError() {
      return sqrStd / Math.sqrt(effectiveCount);
    }

    /** Standard error of the smoothed {@code tr(Sigma)}. */
    public double traceStandardError() {
      return traceStd / Math.sqrt(effectiveCount);
    }
  }
}
