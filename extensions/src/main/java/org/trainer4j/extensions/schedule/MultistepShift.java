package org.trainer4j.extensions.schedule;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * Multiplies a hyperparameter by {@code gamma} at each of the given call counts: {@code init *
 * gamma^(number of steps <= t)}.
 */
public final class MultistepShift extends Shift {

  private final double gamma;
  private final long[] steps;

  public MultistepShift(String attr, double gamma, long... steps) {
    this(attr, gamma, steps, null, "main");
  }

  public MultistepShift(
      String attr, double gamma, long[] steps, Double init, String optimizerName) {
    super(attr, init, optimizerName);
    Preconditions.checkArgument(
        gamma > 0 && Double.isFinite(gamma), "gamma must be positive and finite: %s", gamma);
    Preconditions.checkArgument(steps != null && steps.length > 0, "give at least one step");
    this.gamma = gamma;
    this.steps = steps.clone();
    Arrays.sort(this.steps);
    Preconditions.checkArgument(
        this.steps[0] > 0, "steps must be positive: %s", Arrays.toString(steps));
  }

  @Override
  protected double valueAt(long t, double init) {
    int passed = 0;
    for (long s : steps) {
      if (s <= t) {
        passed++;
      }
    }
    return init * Math.pow(gamma, passed);
  }
}
