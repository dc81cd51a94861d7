package org.trainer4j.extensions.minibatch.goodput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GradientNoiseTest {

  /** d = 20, |delta| = 1, sigma = 2: tr(Sigma) = 20 * (1 + 4) + 1 = 101, |G|^2 = 1, B_noise 101. */
  private static LinearRegressionNoise problem(long seed) {
    return new LinearRegressionNoise(20, 1.0, 2.0, seed);
  }

  /**
   * Stated tolerance: 10 % on each term after 3000 estimates averaged with decay 0.999 (about 1800
   * effective estimates; the smoothed noise scale then has a standard error of about 3 %).
   */
  private static final double TOLERANCE = 0.10;

  private static final int STEPS = 3000;
  private static final double DECAY = 0.999;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void twoBatchSizesRecoverTheKnownNoiseScaleOfLinearRegression(long seed) {
    LinearRegressionNoise problem = problem(seed);
    SmoothedGradientNoise smoothed = SmoothedGradientNoise.start(DECAY);

    for (int step = 0; step < STEPS; step++) {
      double[][] g = problem.sampleGradients(128);
      smoothed =
          smoothed.add(
              GradientNoise.fromTwoBatches(
                  16,
                  LinearRegressionNoise.meanSquaredNorm(g, 0, 16),
                  128,
                  LinearRegressionNoise.meanSquaredNorm(g, 0, 128)));
    }

    GradientNoise estimate = smoothed.current();
    assertThat(problem.trueNoiseScale()).isCloseTo(101, within(1e-9));
    assertThat(estimate.trace()).isCloseTo(problem.trueTrace(), withinRelative());
    assertThat(estimate.gradientSquared())
        .isCloseTo(problem.trueGradientSquared(), within(TOLERANCE));
    assertThat(estimate.noiseScale()).isCloseTo(problem.trueNoiseScale(), withinRelative());
    double standardError = smoothed.spread().noiseScaleStandardError();
    assertThat(standardError).isBetween(0.01 * 101, 0.05 * 101);
    assertThat(estimate.noiseScale())
        .isCloseTo(problem.trueNoiseScale(), within(3 * standardError));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void shardsOfOneBatchRecoverTheKnownNoiseScaleOfLinearRegression(long seed) {
    LinearRegressionNoise problem = problem(seed);
    SmoothedGradientNoise smoothed = SmoothedGradientNoise.start(DECAY);

    for (int step = 0; step < STEPS; step++) {
      double[][] g = problem.sampleGradients(128);
      double[] shards = new double[8];
      for (int i = 0; i < shards.length; i++) {
        shards[i] = LinearRegressionNoise.meanSquaredNorm(g, 16 * i, 16 * (i + 1));
      }
      smoothed =
          smoothed.add(
              GradientNoise.fromShards(
                  16, shards, LinearRegressionNoise.meanSquaredNorm(g, 0, 128)));
    }

    assertThat(smoothed.current().noiseScale())
        .isCloseTo(problem.trueNoiseScale(), withinRelative());
  }

  @Test
  void twoBatchFormulasInvertTheExpectedSquaredNorms() {
    // E|G_B|^2 = |G|^2 + tr(Sigma) / B with |G|^2 = 2 and tr(Sigma) = 64.
    GradientNoise noise = GradientNoise.fromTwoBatches(8, 2 + 64.0 / 8, 32, 2 + 64.0 / 32);

    assertThat(noise.gradientSquared()).isCloseTo(2, within(1e-12));
    assertThat(noise.trace()).isCloseTo(64, within(1e-12));
    assertThat(noise.noiseScale()).isCloseTo(32, within(1e-12));
  }

  @Test
  void shardsAverageTheirSquaredNormsAsTheSmallBatchTerm() {
    GradientNoise noise = GradientNoise.fromShards(8, new double[] {9, 11, 10, 10}, 2 + 64.0 / 32);

    assertThat(noise).isEqualTo(GradientNoise.fromTwoBatches(8, 10, 32, 4));
  }

  @Test
  void refusesABigBatchNoLargerThanTheSmallOneAndNegativeNorms() {
    assertThatThrownBy(() -> GradientNoise.fromTwoBatches(32, 1, 32, 1))
        .hasMessageContaining("bigBatch");
    assertThatThrownBy(() -> GradientNoise.fromTwoBatches(8, -1, 32, 1))
        .hasMessageContaining("smallSquaredNorm");
    assertThatThrownBy(() -> GradientNoise.fromShards(8, new double[] {1}, 1))
        .hasMessageContaining("at least 2 shards");
  }

  @Test
  void noiseScaleIsInfiniteWithoutSignalAndZeroWithoutNoise() {
    assertThat(new GradientNoise(-0.5, 10).noiseScale()).isInfinite();
    assertThat(new GradientNoise(2, -3).noiseScale()).isZero();
  }

  @Test
  void gainIsPolluxsRatioWithVarianceAtTheInitialSize() {
    // var = tr(Sigma) / B0 = 96 / 32 = 3, sqr = 1, S = 128 / 32 = 4: (3 + 1) / (3 / 4 + 1).
    GradientNoise noise = new GradientNoise(1, 96);

    assertThat(noise.gain(128, 32)).isCloseTo(4 / 1.75, within(1e-12));
    assertThat(noise.efficiency(128, 32)).isCloseTo(4 / 1.75 / 4, within(1e-12));
  }

  @Test
  void efficiencyIsMcCandlishsExamplesRatio() {
    // E(B) ~ E_min (1 + B / B_noise), so per example B is (B_noise + B0) / (B_noise + B) as useful.
    GradientNoise noise = new GradientNoise(0.25, 50);
    double bNoise = 200;

    for (int b : new int[] {8, 32, 100, 1000}) {
      assertThat(noise.efficiency(b, 32)).isCloseTo((bNoise + 32) / (bNoise + b), within(1e-12));
    }
  }

  @Test
  void aCriticalBatchFactorScalesTheNoiseScaleInTheEfficiencyOnly() {
    GradientNoise noise = new GradientNoise(0.25, 50); // B_noise 200, taken as 800 with k = 4

    for (int b : new int[] {8, 32, 100, 1000}) {
      assertThat(noise.efficiency(b, 32, 4)).isCloseTo((800.0 + 32) / (800 + b), within(1e-12));
      assertThat(noise.efficiency(b, 32, 1)).isEqualTo(noise.efficiency(b, 32));
    }
    assertThat(noise.noiseScale()).isEqualTo(200);
    assertThatThrownBy(() -> noise.efficiency(64, 32, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("criticalBatchFactor");
    assertThatThrownBy(() -> noise.efficiency(64, 32, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("criticalBatchFactor");
  }

  @Test
  void gainLiesBetweenOneAndTheScaleAndReachesEitherEnd() {
    assertThat(new GradientNoise(1, 96).gain(128, 32)).isBetween(1.0, 4.0);
    assertThat(new GradientNoise(1, 96).gain(16, 32)).isBetween(0.5, 1.0);
    assertThat(new GradientNoise(0, 96).gain(128, 32)).isCloseTo(4, within(1e-12));
    assertThat(new GradientNoise(1, 0).gain(128, 32)).isCloseTo(1, within(1e-12));
  }

  @Test
  void gainNeedsSomeMeasuredSignalOrNoise() {
    assertThatThrownBy(() -> new GradientNoise(-1, 0).gain(64, 32))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no gradient signal or noise");
  }

  private static Percentage withinRelative() {
    return Percentage.withPercentage(100 * TOLERANCE);
  }

  @Test
  void shardsWhoseTotalPassesTheIntRangeAreRefusedAsSuch() {
    assertThatThrownBy(() -> GradientNoise.fromShards(1 << 30, new double[] {1, 1}, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shardSize 1073741824 x 2 shards exceeds the int range");
  }
}
