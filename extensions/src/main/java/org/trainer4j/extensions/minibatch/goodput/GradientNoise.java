package org.trainer4j.extensions.minibatch.goodput;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;

/**
 * The two gradient statistics of McCandlish et al. (2018, appendix A): the squared norm of the true
 * gradient {@code |G|^2} and the trace of the per-example gradient covariance {@code tr(Sigma)},
 * from which follow the "simple" noise scale {@code B_noise = tr(Sigma) / |G|^2}, the statistical
 * efficiency of a batch size and AdaScale's learning-rate gain.
 *
 * <p>A single estimate comes from the squared norms of mean gradients at two batch sizes ({@link
 * #fromTwoBatches}) or of the gradients of equal shards of one batch ({@link #fromShards}). Both
 * are unbiased but very noisy, and may be negative; smooth them with {@link SmoothedGradientNoise}
 * before taking ratios. Where a ratio needs them, negative values count as zero.
 *
 * <p>In Pollux's terms ({@code adaptdl/goodput.py}) {@code sqr = gradientSquared} and {@code var =
 * trace / B0}, the variance of the mean gradient at the initial batch size {@code B0}.
 *
 * @param gradientSquared estimate of {@code |G|^2}
 * @param trace estimate of {@code tr(Sigma)}, the per-example gradient variance summed over
 *     parameters
 */
public record GradientNoise(double gradientSquared, double trace) {

  public GradientNoise {
    Preconditions.checkArgument(
        Double.isFinite(gradientSquared), "gradientSquared must be finite: %s", gradientSquared);
    Preconditions.checkArgument(Double.isFinite(trace), "trace must be finite: %s", trace);
  }

  /**
   * The unbiased estimates from the squared norms of two mean gradients over {@code smallBatch} and
   * {@code bigBatch} examples (appendix A): {@code |G|^2 = (B_big |G_big|^2 - B_small |G_small|^2)
   * / (B_big - B_small)} and {@code tr(Sigma) = (|G_small|^2 - |G_big|^2) / (1/B_small - 1/B_big)}.
   * This follows from {@code E|G_B|^2 = |G|^2 + tr(Sigma) / B}.
   *
   * @param smallSquaredNorm squared norm of the mean gradient over the small batch
   * @param bigSquaredNorm squared norm of the mean gradient over the big batch
   */
  public static GradientNoise fromTwoBatches(
      int smallBatch, double smallSquaredNorm, int bigBatch, double bigSquaredNorm) {
    Preconditions.checkArgument(smallBatch > 0, "smallBatch must be positive: %s", smallBatch);
    Preconditions.checkArgument(
        bigBatch > smallBatch,
        "bigBatch must be larger than smallBatch: %s <= %s",
        bigBatch,
        smallBatch);
    checkSquaredNorm(smallSquaredNorm, "smallSquaredNorm");
    checkSquaredNorm(bigSquaredNorm, "bigSquaredNorm");
    double gradientSquared =
        (bigBatch * bigSquaredNorm - smallBatch * smallSquaredNorm) / (bigBatch - smallBatch);
    double trace = (smallSquaredNorm - bigSquaredNorm) / (1.0 / smallBatch - 1.0 / bigBatch);
    return new GradientNoise(gradientSquared, trace);
  }

  /**
   * The estimates across replicas: {@code N >= 2} shards of {@code shardSize} examples each of one
   * batch, their mean gradients' squared norms, and the squared norm of the mean of those gradients
   * (the all-reduced gradient of a data-parallel step). The shards' average squared norm is the
   * small-batch term (averaging N of them lowers its noise), the combined one the big-batch term.
   */
  public static GradientNoise fromShards(
      int shardSize, double[] shardSquaredNorms, double combinedSquaredNorm) {
    Preconditions.checkArgument(shardSize > 0, "shardSize must be positive: %s", shardSize);
    Preconditions.checkNotNull(shardSquaredNorms, "shardSquaredNorms");
    Preconditions.checkArgument(
        shardSquaredNorms.length >= 2,
        "shardSquaredNorms needs at least 2 shards: %s",
        shardSquaredNorms.length);
    double sum = 0;
    for (double norm : shardSquaredNorms) {
      checkSquaredNorm(norm, "shardSquaredNorms");
      sum += norm;
    }
    long combined = (long) shardSize * shardSquaredNorms.length;
    Preconditions.checkArgument(
        combined <= Integer.MAX_VALUE,
        "shardSize %s x %s shards exceeds the int range",
        shardSize,
        shardSquaredNorms.length);
    return fromTwoBatches(
        shardSize, sum / shardSquaredNorms.length, (int) combined, combinedSquaredNorm);
  }

  /** {@code estimates} as {@code [sqr0, trace0, sqr1, trace1, ...]}, for snapshots. */
  public static double[] pack(List<GradientNoise> estimates) {
    double[] packed = new double[2 * estimates.size()];
    for (int i = 0; i < estimates.size(); i++) {
      packed[2 * i] = estimates.get(i).gradientSquared();
      packed[2 * i + 1] = estimates.get(i).trace();
    }
    return packed;
  }

  /** The estimates {@link #pack} gave. */
  public static List<GradientNoise> unpack(double[] packed) {
    Preconditions.checkArgument(
        packed.length % 2 == 0, "packed estimates need an even length: %s", packed.length);
    List<GradientNoise> out = new ArrayList<>();
    for (int i = 0; i < packed.length; i += 2) {
      out.add(new GradientNoise(packed[i], packed[i + 1]));
    }
    return out;
  }

  /**
   * The simple noise scale {@code tr(Sigma) / |G|^2}: the batch size around which a larger batch
   * stops saving steps. Infinite when no gradient signal was measured ({@code |G|^2 <= 0}), zero
   * when no noise was, NaN when neither was.
   */
  public double noiseScale() {
    double sqr = signal();
    double var = noise();
    if (sqr == 0) {
      return var == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
    }
    return var / sqr;
  }

  /**
   * AdaScale's gain ratio for {@code batchSize} relative to {@code initialBatchSize}, {@code r =
   * (var + sqr) / (var / S + sqr)} with {@code S = batchSize / initialBatchSize}: how many steps at
   * the initial size one step at the new size is worth. Between 1 and S (S and 1 when shrinking): S
   * when the gradient is all noise, 1 when it has none.
   *
   * @throws IllegalStateException when neither signal nor noise was measured
   */
  public double gain(int batchSize, int initialBatchSize) {
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive: %s", batchSize);
    Preconditions.checkArgument(
        initialBatchSize > 0, "initialBatchSize must be positive: %s", initialBatchSize);
    checkMeasured();
    double scale = (double) batchSize / initialBatchSize;
    double var = noise() / initialBatchSize;
    double sqr = signal();
    return (var + sqr) / (var / scale + sqr);
  }

  /**
   * Pollux's statistical efficiency of {@code batchSize} relative to {@code initialBatchSize},
   * {@code (var + sqr) / (var / S + sqr) / S}: the progress per example compared with the initial
   * size, which by McCandlish et al.'s model equals {@code (B_noise + B0) / (B_noise + B)}.
   *
   * @throws IllegalStateException when neither signal nor noise was measured
   */
  public double efficiency(int batchSize, int initialBatchSize) {
    return gain(batchSize, initialBatchSize) * initialBatchSize / batchSize;
  }

  /**
   * {@link #efficiency(int, int)} with the noise scale taken as {@code criticalBatchFactor} times
   * the measured one, {@code (k B_noise + B0) / (k B_noise + B)}: the efficiency of a job whose
   * critical batch size is k times its simple noise scale ({@link
   * GoodputSettings#criticalBatchFactor()} says why that is measured, not assumed to be 1).
   *
   * @throws IllegalStateException when neither signal nor noise was measured
   */
  public double efficiency(int batchSize, int initialBatchSize, double criticalBatchFactor) {
    GoodputSettings.checkCriticalBatchFactor(criticalBatchFactor);
    return new GradientNoise(gradientSquared, trace * criticalBatchFactor)
        .efficiency(batchSize, initialBatchSize);
  }

  /** {@code |G|^2} counted as zero when the estimate is negative. */
  private double signal() {
    return Math.max(0, gradientSquared);
  }

  /** {@code tr(Sigma)} counted as zero when the estimate is negative. */
  private double noise() {
    return Math.max(0, trace);
  }

  private void checkMeasured() {
    Preconditions.checkState(
        signal() > 0 || noise() > 0,
        "no gradient signal or noise was measured (|G|^2 = %s, tr(Sigma) = %s)",
        gradientSquared,
        trace);
  }

  private static void checkSquaredNorm(double value, String name) {
    Preconditions.checkArgument(
        Double.isFinite(value) && value >= 0,
        "%s must be finite and non-negative: %s",
        name,
        value);
  }
}
