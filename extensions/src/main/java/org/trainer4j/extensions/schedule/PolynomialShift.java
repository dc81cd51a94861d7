package org.trainer4j.extensions.schedule;

import com.google.common.base.Preconditions;

/**
 * Decays a hyperparameter polynomially to zero over {@code maxCount} calls: {@code init * (1 - t /
 * maxCount)^rate}, optionally bounded below by {@code target}.
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
    Preconditions.checkArgument(rate >= 0, "rate must not be negative: %s", rate);
    Preconditions.checkArgument(maxCount > 0, "maxCount must be positive: %s", maxCount);
    this.rate = rate;
    this.maxCount = maxCount;
    this.target = target;
  }

  @Override
  protected double valueAt(long t, double init) {
    double decay = Math.max(1 - (double) t / maxCount, 0);
    double value = init * Math.pow(decay, rate);
    return target == null ? value : Math.max(value, target);
  }
}
