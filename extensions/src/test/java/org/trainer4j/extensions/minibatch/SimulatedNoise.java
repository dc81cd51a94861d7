package org.trainer4j.extensions.minibatch;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.trainer4j.extensions.minibatch.goodput.GoodputSettings;
import org.trainer4j.extensions.minibatch.goodput.GradientNoise;
import org.trainer4j.extensions.minibatch.goodput.NoiseSource;

/**
 * Gradient statistics known in closed form: the squared norm of a mean gradient over {@code b}
 * examples is {@code |G|^2 + tr(Sigma) / b} in expectation, here times a seeded noise factor {@code
 * 1 + relativeSigma x N(0, 1)} per norm. Records the sizes and shard counts it was asked for.
 */
final class SimulatedNoise implements NoiseSource {

  /**
   * Goodput's settings for the simulated jobs, whose steps to a target follow {@code S_min (1 +
   * B_noise / B)} with the noise scale these statistics have: the critical batch is the noise scale
   * (factor 1, McCandlish et al.'s model as Pollux uses it), not the default's four noise scales.
   */
  static final GoodputSettings SETTINGS = GoodputSettings.DEFAULT.withCriticalBatchFactor(1);

  /** The goodput strategy with {@link #SETTINGS}. */
  static GoodputMaximize goodput() {
    return GoodputMaximize.of(SETTINGS);
  }

  final List<int[]> asked = new ArrayList<>();
  private final double gradientSquared;
  private final double trace;
  private final double relativeSigma;
  private final SplittableRandom random;

  SimulatedNoise(double gradientSquared, double trace, double relativeSigma, long seed) {
    this.gradientSquared = gradientSquared;
    this.trace = trace;
    this.relativeSigma = relativeSigma;
    this.random = new SplittableRandom(seed);
  }

  @Override
  public GradientNoise estimate(int batchSize, int shards) {
    asked.add(new int[] {batchSize, shards});
    if (shards >= 2) {
      int shard = batchSize / shards;
      double[] norms = new double[shards];
      for (int i = 0; i < shards; i++) {
        norms[i] = norm(shard);
      }
      return GradientNoise.fromShards(shard, norms, norm(batchSize));
    }
    int small = Math.max(1, batchSize / 4);
    return GradientNoise.fromTwoBatches(small, norm(small), batchSize, norm(batchSize));
  }

  private double norm(int b) {
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    double gaussian = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    return Math.max(0, (gradientSquared + trace / b) * (1 + relativeSigma * gaussian));
  }
}
