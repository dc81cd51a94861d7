package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;

/**
 * How the learning rate follows a change of minibatch size: not at all (the default, so the tuned
 * run differs from the untuned one only in batch size), linearly (Goyal et al.'s rule for SGD), or
 * with the square root (a common rule for adaptive optimizers).
 */
public enum LrScaling {
  NONE,
  LINEAR,
  SQRT;

  /** The factor to multiply the learning rate by when going from {@code from} to {@code to}. */
  public double factor(int from, int to) {
    Preconditions.checkArgument(
        from > 0 && to > 0, "batch sizes must be positive: %s, %s", from, to);
    double ratio = (double) to / from;
    return switch (this) {
      case NONE -> 1.0;
      case LINEAR -> ratio;
      case SQRT -> Math.sqrt(ratio);
    };
  }
}
