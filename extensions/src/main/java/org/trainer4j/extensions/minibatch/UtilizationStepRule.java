package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;

/**
 * The step functions the seed paper left undefined ({@code calc_positive_update_diff} and {@code
 * calc_negative_update_diff} of Listing 2, after its errata).
 *
 * <p>Utilization rises roughly in proportion to the batch size until the device saturates, so the
 * size that reaches the target is about {@code b * target / u}. The positive step is that distance,
 * {@code ceil(b * (target - u) / u)}; the negative step is {@code ceil(b * (u - target) / target)}.
 * Each is clamped to {@code [minStep, limit]}. The limit starts at the initial batch size (so a
 * step at most doubles the initial size) and halves, down to {@code minStep}, every time the
 * direction changes, so oscillation around the target dies out and the convergence test can pass.
 */
final class UtilizationStepRule {

  private final double target;
  private final int minStep;
  private int limit;
  private int lastDirection;

  UtilizationStepRule(double target, int minStep, int initialLimit) {
    Preconditions.checkArgument(minStep > 0, "minStep must be positive: %s", minStep);
    this.target = target;
    this.minStep = minStep;
    this.limit = Math.max(minStep, initialLimit);
  }

  /** The increase for batch size {@code b} at utilization {@code u} below the target. */
  int calcPositiveUpdateDiff(int b, double u) {
    turn(+1);
    double proportional = Math.ceil(b * (target - u) / Math.max(u, 1.0));
    return clamp(proportional);
  }

  /** The (negative) change for batch size {@code b} at utilization {@code u} at or above target. */
  int calcNegativeUpdateDiff(int b, double u) {
    turn(-1);
    double proportional = Math.ceil(b * (u - target) / target);
    return -clamp(proportional);
  }

  /** The current largest step. */
  int limit() {
    return limit;
  }

  private void turn(int direction) {
    if (lastDirection != 0 && direction != lastDirection) {
      limit = Math.max(minStep, limit / 2);
    }
    lastDirection = direction;
  }

  private int clamp(double proportional) {
    return (int) Math.max(minStep, Math.min(limit, proportional));
  }
}
