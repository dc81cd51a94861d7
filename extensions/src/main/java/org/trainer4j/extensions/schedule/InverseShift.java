package org.trainer4j.extensions.schedule;

import com.google.common.base.Preconditions;

/**
 * Decays a hyperparameter as {@code init * (1 + gamma * t)^(-power)}, optionally bounded by {@code
 * target}.
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
    if (target == null) {
      return value;
    }
    return power > 0 ? Math.max(value, target) : Math.min(value, target);
  }
}
