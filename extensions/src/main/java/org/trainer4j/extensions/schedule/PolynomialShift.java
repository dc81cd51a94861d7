package org.trainer4j.extensions.schedule;

import com.google.common.base.Preconditions;

/**
 * Decays a hyperparameter polynomially to zero over {@code maxCount} calls: {@code init * (1 - t /
 * maxCount)^rate}, optionally stopping at {@code target} by Chainer's rule: with {@code rate > 0}
 * once {@code target / value > 1}, otherwise once {@code target / value < 1}, so negative values
 * move towards their target too. A negative {@code rate} grows the value instead, until call {@code
 * maxCount - 1}, and holds it from then on: the formula is infinite at {@code maxCount} (where
 * Chainer's raises ZeroDivisionError), and the optimizer would refuse it mid-training.
 */
public final class PolynomialShift extends Shift {

  private final double rate;
  private final long maxCount;
  private final Double target;

  public PolynomialShift(String attr, double rate, long maxCount) {
    this(attr, rate, maxCount, null, null, "main");
  }

  public PolynomialShift(
      String attr, double rate, long maxCount, Double init, Double target, String optimizerName) {
    super(attr, init, optimizerName);
    requireFinite(rate, "rate");
    Preconditions.checkArgument(maxCount > 0, "maxCount must be positive: %s", maxCount);
    // The largest growth, at call maxCount - 1, is bounded by maxCount^-rate. (rate is boxed by
    // hand: with both arguments primitive the checkArgument call would be ambiguous.)
    Preconditions.checkArgument(
        rate >= 0 || Double.isFinite(Math.pow(maxCount, -rate)),
        "rate %s grows the value by up to maxCount^-rate, which must be finite (maxCount %s)",
        Double.valueOf(rate),
        maxCount);
    this.rate = rate;
    this.maxCount = maxCount;
    this.target = requireFiniteTarget(target);
  }

  @Override
  protected double valueAt(long t, double init) {
    long calls = rate < 0 ? Math.min(t, maxCount - 1) : t; // growth holds from maxCount on
    double decay = Math.max(1 - (double) calls / maxCount, 0);
    double value = init * Math.pow(decay, rate);
    if (target == null || t == 0) {
      return value; // the initial value is set as given, as Chainer's
    }
    return passed(value) ? target : value;
  }

  /**
   * Chainer's {@code target / value > 1} (decaying) or {@code < 1} (growing), without dividing: a
   * decayed value of 0 has passed any target (where Chainer would divide by zero).
   */
  private boolean passed(double value) {
    if (value == 0) {
      return rate > 0;
    }
    boolean ratioAboveOne = value > 0 ? target > value : target < value;
    boolean ratioBelowOne = value > 0 ? target < value : target > value;
    return rate > 0 ? ratioAboveOne : ratioBelowOne;
  }
}
