package org.trainer4j.extensions.minibatch.goodput;

/**
 * The squared Euclidean norm of a Java array, summed in plain Java: the tests' expected values are
 * computed this way, apart from the ND4J reductions that {@link GradientProbe} uses.
 */
final class SquaredNorm {

  private SquaredNorm() {}

  static double of(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return s;
  }
}
