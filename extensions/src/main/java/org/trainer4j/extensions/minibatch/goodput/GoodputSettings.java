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
 */
public record GoodputSettings(
    ThroughputSettings measurement,
    int noiseEstimates,
    double noiseDecay,
    int noiseBatchFactor,
    int maxLoops,
    NoiseGeometry geometry) {

  /**
   * Eight noise estimates on batches four times the reference size, decay 0.9, 8 sizes, noise of
   * the raw gradient.
   */
  public static final GoodputSettings DEFAULT =
      new GoodputSettings(ThroughputSettings.DEFAULT, 8, 0.9, 4, 8, NoiseGeometry.RAW);

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
  }

  public GoodputSettings withNoiseEstimates(int n) {
    return new GoodputSettings(measurement, n, noiseDecay, noiseBatchFactor, maxLoops, geometry);
  }

  public GoodputSettings withMeasurement(ThroughputSettings m) {
    return new GoodputSettings(m, noiseEstimates, noiseDecay, noiseBatchFactor, maxLoops, geometry);
  }

  public GoodputSettings withGeometry(NoiseGeometry g) {
    return new GoodputSettings(
        measurement, noiseEstimates, noiseDecay, noiseBatchFactor, maxLoops, g);
  }
}
