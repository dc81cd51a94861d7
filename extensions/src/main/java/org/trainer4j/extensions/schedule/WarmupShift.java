package org.trainer4j.extensions.schedule;

import com.google.common.base.Preconditions;

/**
 * Warms a hyperparameter up linearly from {@code warmupStart} to {@code init} over the first {@code
 * warmupIterations} calls, then holds {@code init}.
 */
public final class WarmupShift extends Shift {

  private final double warmupStart;
  private final long warmupIterations;

  public WarmupShift(String attr, double warmupStart, long warmupIterations) {
    this(attr, warmupStart, warmupIterations, null, "main");
  }

  public WarmupShift(
      String attr, double warmupStart, long warmupIterations, Double init, String optimizerName) {
    super(attr, init, optimizerName);
    Preconditions.checkArgument(
        warmupIterations > 0, "warmupIterations must be positive: %s", warmupIterations);
    this.warmupStart = warmupStart;
    this.warmupIterations = warmupIterations;
  }

  @Override
  protected double valueAt(long t, double init) {
    if (t >= warmupIterations) {
      return init;
    }
    return warmupStart + (init - warmupStart) * t / (double) warmupIterations;
  }
}
