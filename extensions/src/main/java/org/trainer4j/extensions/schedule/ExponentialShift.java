package org.trainer4j.extensions.schedule;

import com.google.common.base.Preconditions;

/**
 * Multiplies a hyperparameter by {@code rate} at every call: {@code init * rate^t}, optionally
 * stopping at {@code target} by Chainer's rule ({@link Shift#stopAtTarget}; growing when {@code
 * rate > 1}).
 */
public final class ExponentialShift extends Shift {

  private final double rate;
  private final Double target;

  /** Shifts {@code attr} of the main optimizer from its current value, without bound. */
  public ExponentialShift(String attr, double rate) {
    this(attr, rate, null, null, "main");
  }

  public ExponentialShift(
      String attr, double rate, Double init, Double target, String optimizerName) {
    super(attr, init, optimizerName);
    Preconditions.checkArgument(
        rate > 0 && Double.isFinite(rate), "rate must be positive: %s", rate);
    this.rate = rate;
    this.target = target;
  }

  @Override
  protected double valueAt(long t, double init) {
    double value = init * Math.pow(rate, t);
    // The target applies from the first call on; the initial value is set as given (Chainer).
    return t == 0 ? value : stopAtTarget(value, target, rate > 1);
  }
}
