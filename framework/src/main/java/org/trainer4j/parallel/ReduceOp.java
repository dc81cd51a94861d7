package org.trainer4j.parallel;

/** Element-wise reductions a {@link Communicator} offers. */
public enum ReduceOp {
  SUM,
  MAX,
  MIN;

  double apply(double a, double b) {
    return switch (this) {
      case SUM -> a + b;
      case MAX -> Math.max(a, b);
      case MIN -> Math.min(a, b);
    };
  }
}
