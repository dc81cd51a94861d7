package org.trainer4j.extensions.minibatch.goodput;

import java.util.SplittableRandom;

/**
 * A problem whose gradient noise is known in closed form: least squares {@code l = (x.w - y)^2 / 2}
 * with {@code x ~ N(0, I_d)} and {@code y = x.w* + e}, {@code e ~ N(0, sigma^2)}, at a point {@code
 * w} with {@code delta = w - w*}. The per-example gradient is {@code g = x (x.delta - e)}, so the
 * true gradient is {@code G = delta} and, with Gaussian fourth moments, the covariance is {@code
 * Sigma = (|delta|^2 + sigma^2) I + delta delta^T}: {@code tr(Sigma) = d (|delta|^2 + sigma^2) +
 * |delta|^2}. Gradients are computed exactly, in double precision, from sampled examples.
 */
final class LinearRegressionNoise {

  private final double[] delta;
  private final double sigma;
  private final SplittableRandom random;

  LinearRegressionNoise(int dimensions, double deltaNorm, double sigma, long seed) {
    this.sigma = sigma;
    this.random = new SplittableRandom(seed);
    this.delta = new double[dimensions];
    // delta along a fixed random direction, scaled to the requested norm.
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      delta[i] = random.nextDouble(-1, 1);
      norm += delta[i] * delta[i];
    }
    for (int i = 0; i < dimensions; i++) {
      delta[i] *= deltaNorm / Math.sqrt(norm);
    }
  }

  double trueGradientSquared() {
    return dot(delta, delta);
  }

  double trueTrace() {
    double d2 = dot(delta, delta);
    return delta.length * (d2 + sigma * sigma) + d2;
  }

  double trueNoiseScale() {
    return trueTrace() / trueGradientSquared();
  }

  /** The per-example gradients of {@code n} freshly sampled examples, one row each. */
  double[][] sampleGradients(int n) {
    double[][] g = new double[n][delta.length];
    double[] x = new double[delta.length];
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < x.length; i++) {
        x[i] = gaussian();
      }
      double residual = dot(x, delta) - sigma * gaussian();
      for (int i = 0; i < x.length; i++) {
        g[k][i] = x[i] * residual;
      }
    }
    return g;
  }

  /** The squared norm of the mean of rows {@code [from, to)}. */
  static double meanSquaredNorm(double[][] rows, int from, int to) {
    double[] mean = new double[rows[0].length];
    for (int k = from; k < to; k++) {
      for (int i = 0; i < mean.length; i++) {
        mean[i] += rows[k][i] / (to - from);
      }
    }
    return dot(mean, mean);
  }

  private double gaussian() {
    // Box-Muller on the seeded generator, so every run draws the same numbers.
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
