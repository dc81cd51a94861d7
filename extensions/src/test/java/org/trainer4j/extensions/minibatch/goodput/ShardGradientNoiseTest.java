package org.trainer4j.extensions.minibatch.goodput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;
import org.trainer4j.training.updaters.ShardGradientNorms;

/**
 * Gradient noise across the shards of data-parallel steps: each step's shards and their combination
 * are two batch sizes at the same parameters, and the estimates of consecutive steps are averaged.
 */
class ShardGradientNoiseTest {

  /** One data-parallel step of {@code shards x shardSize} fresh examples of {@code problem}. */
  private static ShardGradientNorms step(LinearRegressionNoise problem, int shards, int shardSize) {
    double[][] rows = problem.sampleGradients(shards * shardSize);
    double sum = 0;
    for (int r = 0; r < shards; r++) {
      sum += LinearRegressionNoise.meanSquaredNorm(rows, r * shardSize, (r + 1) * shardSize);
    }
    return new ShardGradientNorms(
        shardSize,
        shards,
        sum / shards,
        LinearRegressionNoise.meanSquaredNorm(rows, 0, rows.length));
  }

  /**
   * Stated tolerance: 10 % of the true noise scale (101) after 3000 steps of 2 or 4 replicas at 16
   * examples each, 10 steps an estimate, averaged with decay 0.99.
   */
  @ParameterizedTest
  @CsvSource({"2, 1", "2, 2", "4, 3"})
  void stepsAcrossReplicasRecoverTheKnownNoiseScaleOfLinearRegression(int replicas, long seed) {
    LinearRegressionNoise problem = new LinearRegressionNoise(20, 1.0, 2.0, seed);
    ShardGradientNoise shards = new ShardGradientNoise(10);
    SmoothedGradientNoise smoothed = SmoothedGradientNoise.start(0.99);

    for (int i = 0; i < 3000; i++) {
      shards.shardGradients(step(problem, replicas, 16));
      for (GradientNoise estimate : shards.drain()) {
        smoothed = smoothed.add(estimate);
      }
    }

    assertThat(smoothed.count()).isEqualTo(300);
    assertThat(smoothed.current().noiseScale())
        .isCloseTo(problem.trueNoiseScale(), within(0.10 * problem.trueNoiseScale()));
  }

  @Test
  void consecutiveStepsAtOneSizeAreAveragedAndASizeChangeStartsANewAverage() {
    LinearRegressionNoise problem = new LinearRegressionNoise(5, 1.0, 1.0, 9);
    ShardGradientNoise shards = new ShardGradientNoise(3);
    shards.shardGradients(step(problem, 2, 8));
    shards.shardGradients(step(problem, 2, 8)); // two steps at 16: dropped by the change
    List<GradientNoise> single = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ShardGradientNorms n = step(problem, 2, 16);
      shards.shardGradients(n);
      single.add(
          GradientNoise.fromTwoBatches(16, n.meanShardSquaredNorm(), 32, n.combinedSquaredNorm()));
    }

    List<GradientNoise> estimates = shards.drain();

    assertThat(estimates).hasSize(1);
    double sqr = single.stream().mapToDouble(GradientNoise::gradientSquared).sum() / 3;
    double trace = single.stream().mapToDouble(GradientNoise::trace).sum() / 3;
    assertThat(estimates.get(0).gradientSquared()).isCloseTo(sqr, within(1e-12));
    assertThat(estimates.get(0).trace()).isCloseTo(trace, within(1e-9));
    assertThat(shards.drain()).isEmpty();
    assertThat(shards.pendingSteps()).isZero();
  }

  @Test
  void anAverageSavedHalfWayIsCompletedAfterLoadingAsWithoutTheBreak() {
    LinearRegressionNoise problem = new LinearRegressionNoise(6, 1.0, 1.0, 4);
    List<ShardGradientNorms> steps = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      steps.add(step(problem, 2, 8));
    }
    ShardGradientNoise whole = new ShardGradientNoise(3);
    steps.forEach(whole::shardGradients);
    ShardGradientNoise first = new ShardGradientNoise(3);
    steps.subList(0, 5).forEach(first::shardGradients);
    StateTree state = new StateTree();
    first.serialize(new StateWriter(state));

    ShardGradientNoise resumed = new ShardGradientNoise(1);
    resumed.serialize(new StateReader(state));
    steps.subList(5, 7).forEach(resumed::shardGradients);

    assertThat(resumed.drain()).isEqualTo(whole.drain());
    assertThat(resumed.pendingSteps()).isEqualTo(whole.pendingSteps()).isEqualTo(1);
    assertThat(resumed.stepsPerEstimate()).isEqualTo(3);
  }

  @Test
  void refusesFewerThanOneStepAnEstimate() {
    assertThatThrownBy(() -> new ShardGradientNoise(0)).hasMessageContaining("stepsPerEstimate");
  }
}
