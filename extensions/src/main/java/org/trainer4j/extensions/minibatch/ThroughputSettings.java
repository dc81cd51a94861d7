package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;

/**
 * The settings of {@link ThroughputMaximize}, validated once.
 *
 * @param warmupSteps steps discarded after each change of size (a paired comparison discards one
 *     when it returns to a size it has just run)
 * @param windows timing windows per measurement, summarized by their median
 * @param minWindowSeconds shortest window when the budget allows
 * @param maxStepsPerWindow most steps in one window
 * @param growthFactor factor between coarse sizes
 * @param patience coarse sizes without a real gain before the scan stops
 * @param minGain smallest relative gain that counts, whatever the noise
 * @param noiseMultiplier the margin in units of the pooled relative noise
 * @param resolution relative bracket width at which refinement stops
 * @param contenders sizes besides the best re-measured in the final contest (0: no contest)
 * @param contestRounds interleaved rounds of the contest
 * @param maxRestarts times the contest starts again after a load change
 */
public record ThroughputSettings(
    int warmupSteps,
    int windows,
    double minWindowSeconds,
    int maxStepsPerWindow,
    double growthFactor,
    int patience,
    double minGain,
    double noiseMultiplier,
    double resolution,
    int contenders,
    int contestRounds,
    int maxRestarts) {

  /**
   * 2 warm-up steps, 5 windows of at least 0.02 s (at most 64 steps), growth 2, patience 2, gain at
   * least 2 % and 2 sigma, resolution 10 %, 2 contenders over 3 rounds, 2 restarts.
   */
  public static final ThroughputSettings DEFAULT =
      new ThroughputSettings(2, 5, 0.02, 64, 2.0, 2, 0.02, 2.0, 0.1, 2, 3, 2);

  public ThroughputSettings {
    Preconditions.checkArgument(warmupSteps >= 0, "warmupSteps must be >= 0: %s", warmupSteps);
    Preconditions.checkArgument(windows > 0, "windows must be positive: %s", windows);
    Preconditions.checkArgument(
        minWindowSeconds >= 0, "minWindowSeconds must be >= 0: %s", minWindowSeconds);
    Preconditions.checkArgument(
        maxStepsPerWindow > 0, "maxStepsPerWindow must be positive: %s", maxStepsPerWindow);
    Preconditions.checkArgument(growthFactor > 1, "growthFactor must exceed 1: %s", growthFactor);
    Preconditions.checkArgument(patience > 0, "patience must be positive: %s", patience);
    Preconditions.checkArgument(
        minGain >= 0 && minGain < 1, "minGain must be in [0, 1): %s", minGain);
    Preconditions.checkArgument(
        noiseMultiplier >= 0, "noiseMultiplier must be >= 0: %s", noiseMultiplier);
    Preconditions.checkArgument(resolution > 0, "resolution must be positive: %s", resolution);
    Preconditions.checkArgument(contenders >= 0, "contenders must be >= 0: %s", contenders);
    Preconditions.checkArgument(
        contestRounds > 0, "contestRounds must be positive: %s", contestRounds);
    Preconditions.checkArgument(maxRestarts >= 0, "maxRestarts must be >= 0: %s", maxRestarts);
  }

  public ThroughputSettings withWarmupSteps(int n) {
    return new ThroughputSettings(
        n,
        windows,
        minWindowSeconds,
        maxStepsPerWindow,
        growthFactor,
        patience,
        minGain,
        noiseMultiplier,
        resolution,
        contenders,
        contestRounds,
        maxRestarts);
  }

  public ThroughputSettings withWindows(int n) {
    return new ThroughputSettings(
        warmupSteps,
        n,
        minWindowSeconds,
        maxStepsPerWindow,
        growthFactor,
        patience,
        minGain,
        noiseMultiplier,
        resolution,
        contenders,
        contestRounds,
        maxRestarts);
  }

  /**
   * Windows of a coarse-scan measurement: about half the usual, at least two. The scan only has to
   * tell clear gains from none; close calls go to the contest, which measures with all windows.
   */
  int scanWindows() {
    return Math.max(2, (windows + 1) / 2);
  }

  public ThroughputSettings withMinWindowSeconds(double s) {
    return new ThroughputSettings(
        warmupSteps,
        windows,
        s,
        maxStepsPerWindow,
        growthFactor,
        patience,
        minGain,
        noiseMultiplier,
        resolution,
        contenders,
        contestRounds,
        maxRestarts);
  }

  public ThroughputSettings withMinGain(double gain) {
    return new ThroughputSettings(
        warmupSteps,
        windows,
        minWindowSeconds,
        maxStepsPerWindow,
        growthFactor,
        patience,
        gain,
        noiseMultiplier,
        resolution,
        contenders,
        contestRounds,
        maxRestarts);
  }

  public ThroughputSettings withNoiseMultiplier(double k) {
    return new ThroughputSettings(
        warmupSteps,
        windows,
        minWindowSeconds,
        maxStepsPerWindow,
        growthFactor,
        patience,
        minGain,
        k,
        resolution,
        contenders,
        contestRounds,
        maxRestarts);
  }

  public ThroughputSettings withContenders(int n) {
    return new ThroughputSettings(
        warmupSteps,
        windows,
        minWindowSeconds,
        maxStepsPerWindow,
        growthFactor,
        patience,
        minGain,
        noiseMultiplier,
        resolution,
        n,
        contestRounds,
        maxRestarts);
  }

  public ThroughputSettings withContestRounds(int n) {
    return new ThroughputSettings(
        warmupSteps,
        windows,
        minWindowSeconds,
        maxStepsPerWindow,
        growthFactor,
        patience,
        minGain,
        noiseMultiplier,
        resolution,
        contenders,
        n,
        maxRestarts);
  }
}
