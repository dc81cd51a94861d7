package org.trainer4j.extensions.schedule;

import com.google.common.base.Preconditions;

/**
 * Multiplies a hyperparameter by {@code gamma} every {@code step} calls: {@code init *
 * gamma^floor(t / step)}, optionally stopping at {@code target} by Chainer's rule ({@link
 * Shift#stopAtTarget}; growing when {@code gamma > 1}).
 */
public final class StepShift extends Shift {

  private final double gamma;
  private final long step;
  private final Double target;

  public StepShift(String attr, double gamma, long step) {
    this(attr, gamma, step, null, null, "main");
  }

  public StepShift(
      String attr, double gamma, long step, Double init, Double target, String optimizerName) {
    super(attr, init, optimizerName);
    Preconditions.checkArgument(
        gamma > 0 && Double.isFinite(gamma), "gamma must be positive and finite: %s", gamma);
    Preconditions.checkArgument(step > 0, "step must be positive: %s", step);
    this.gamma = gamma;
    this.step = step;
    this.target = requireFiniteTarget(target);
  }

  @Override
  protected double valueAt(long t, double init) {
    double value = init * Math.pow(gamma, Math.floorDiv(t, step));
    // The target applies from the first call on; the initial value is set as given (Chainer).
    return t == 0 ? value : stopAtTarget(value, target, gamma > 1);
  }
}
