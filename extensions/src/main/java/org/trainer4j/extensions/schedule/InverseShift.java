package org.trainer4j.extensions.schedule;

import com.google.common.base.Preconditions;

/**
 * Decays a hyperparameter as {@code init * (1 + gamma * t)^(-power)}, optionally stopping at {@code
 * target} by Chainer's rule ({@link Shift#stopAtTarget}; growing when {@code power < 0}).
 */
public final class InverseShift extends Shift {

  private final double gamma;
  private final double power;
  private final Double target;

  public InverseShift(String attr, double gamma, double power) {
    this(attr, gamma, power, null, null, "main");
  }

  public InverseShift(
      String attr, double gamma, double power, Double init, Double target, String optimizerName) {
    super(attr, init, optimizerName);
    Preconditions.checkArgument(gamma >= 0, "gamma must not be negative: %s", gamma);
    this.gamma = gamma;
    this.power = power;
    this.target = target;
  }

  @Override
  protected double valueAt(long t, double init) {
    double value = init * Math.pow(1 + gamma * t, -power);
    // The target applies from the first call on; the initial value is set as given (Chainer).
    return t == 0 ? value : stopAtTarget(value, target, power < 0);
  }
}
