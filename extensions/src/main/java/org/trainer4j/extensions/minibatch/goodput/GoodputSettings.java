package org.trainer4j.extensions.minibatch.goodput;

import com.google.common.base.Preconditions;
import org.trainer4j.extensions.minibatch.ThroughputSettings;

/**
 * The settings of the goodput search, validated once.
 *
 * @param measurement how step times are measured: warm-up, windows and their length, and the growth
 *     factor between probed sizes, shared with {@code ThroughputMaximize}
 * @param noiseEstimates raw gradient noise estimates per search (each one forward and backward pass
 *     over each of the noise batch's shards)
 * @param noiseDecay weight of the past in the smoothed noise statistics, in [0, 1)
 * @param noiseBatchFactor the noise batch is this many times the reference size (at least 2, so it
 *     holds two shards of at least the reference size's half)
 * @param maxLoops sizes timed per search at most
 * @param geometry where the gradient noise is measured
 * @param criticalBatchFactor the critical batch size the efficiency assumes, as a multiple of the
 *     measured simple noise scale ({@link GradientNoise#efficiency(int, int, double)}). The simple
 *     noise scale predicts the critical batch size only to within a factor (McCandlish et al.), and
 *     it is measured early, where it is smallest: on this project's Adam-trained jobs the examples
 *     needed to a target grew about four times more slowly with the size than the measured value
 *     says (docs/goodput.md), and searches that believed it trained at half the best size. 1 is
 *     Pollux's model as published.
 */
public record GoodputSettings(
    ThroughputSettings measurement,
    int noiseEstimates,
    double noiseDecay,
    int noiseBatchFactor,
    int maxLoops,
    NoiseGeometry geometry,
    double criticalBatchFactor) {

  /** The critical batch size assumed, in measured noise scales, unless set. */
  public static final double DEFAULT_CRITICAL_BATCH_FACTOR = 4;

  /**
   * Eight noise estimates on batches four times the reference size, decay 0.9, 8 sizes, noise of
   * the raw gradient, the critical batch size at {@value #DEFAULT_CRITICAL_BATCH_FACTOR} noise
   * scales.
   */
  public static final GoodputSettings DEFAULT =
      new GoodputSettings(
          ThroughputSettings.DEFAULT,
          8,
          0.9,
          4,
          8,
          NoiseGeometry.RAW,
          DEFAULT_CRITICAL_BATCH_FACTOR);

  public GoodputSettings {
    Preconditions.checkNotNull(measurement, "measurement");
    Preconditions.checkArgument(
        noiseEstimates > 0, "noiseEstimates must be positive: %s", noiseEstimates);
    Preconditions.checkArgument(
        noiseDecay >= 0 && noiseDecay < 1, "noiseDecay must be in [0, 1): %s", noiseDecay);
    Preconditions.checkArgument(
        noiseBatchFactor >= 2, "noiseBatchFactor must be at least 2: %s", noiseBatchFactor);
    Preconditions.checkArgument(maxLoops >= 2, "maxLoops must be at least 2: %s", maxLoops);
    Preconditions.checkNotNull(geometry, "geometry");
    checkCriticalBatchFactor(criticalBatchFactor);
  }

  public GoodputSettings withNoiseEstimates(int n) {
    return new GoodputSettings(
        measurement, n, noiseDecay, noiseBatchFactor, maxLoops, geometry, criticalBatchFactor);
  }

  public GoodputSettings withMeasurement(ThroughputSettings m) {
    return new GoodputSettings(
        m, noiseEstimates, noiseDecay, noiseBatchFactor, maxLoops, geometry, criticalBatchFactor);
  }

  public GoodputSettings withGeometry(NoiseGeometry g) {
    return new GoodputSettings(
        measurement,
        noiseEstimates,
        noiseDecay,
        noiseBatchFactor,
        maxLoops,
        g,
        criticalBatchFactor);
  }

  /** These settings with the critical batch size at {@code k} measured noise scales. */
  public GoodputSettings withCriticalBatchFactor(double k) {
    return new GoodputSettings(
        measurement, noiseEstimates, noiseDecay, noiseBatchFactor, maxLoops, geometry, k);
  }

  /** Refuses a critical batch factor that is not a positive finite number. */
  static void checkCriticalBatchFactor(double k) {
    Preconditions.checkArgument(
        k > 0 && Double.isFinite(k), "criticalBatchFactor must be positive and finite: %s", k);
  }
}
