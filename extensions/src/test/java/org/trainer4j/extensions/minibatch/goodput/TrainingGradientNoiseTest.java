package org.trainer4j.extensions.minibatch.goodput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.Batch;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;
import org.trainer4j.testing.TestModels;

/**
 * Gradient noise from consecutive training steps: {@code window} steps' mean gradients at one size
 * are the shards of one larger batch.
 */
class TrainingGradientNoiseTest {

  /** A step's mean gradient over {@code batchSize} fresh examples of {@code problem}. */
  private static INDArray meanGradient(LinearRegressionNoise problem, int batchSize) {
    double[][] rows = problem.sampleGradients(batchSize);
    double[] mean = new double[rows[0].length];
    for (double[] row : rows) {
      for (int i = 0; i < mean.length; i++) {
        mean[i] += row[i] / batchSize;
      }
    }
    return Nd4j.createFromArray(mean);
  }

  /**
   * Stated tolerance: 10 % of the true noise scale (101) after 3000 windows of 4 steps at 32,
   * averaged with decay 0.999, as for the search's own estimates; the parameters stand still here,
   * as with a learning rate of zero, so the estimate is unbiased.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void consecutiveStepsRecoverTheKnownNoiseScaleOfLinearRegression(long seed) {
    LinearRegressionNoise problem = new LinearRegressionNoise(20, 1.0, 2.0, seed);
    TrainingGradientNoise windows = new TrainingGradientNoise(4);
    SmoothedGradientNoise smoothed = SmoothedGradientNoise.start(0.999);

    for (int step = 0; step < 4 * 3000; step++) {
      windows.add(meanGradient(problem, 32), 32);
      for (GradientNoise estimate : windows.drain()) {
        smoothed = smoothed.add(estimate);
      }
    }

    assertThat(smoothed.count()).isEqualTo(3000);
    assertThat(smoothed.current().noiseScale())
        .isCloseTo(problem.trueNoiseScale(), within(0.10 * problem.trueNoiseScale()));
    assertThat(smoothed.current().trace())
        .isCloseTo(problem.trueTrace(), within(0.10 * problem.trueTrace()));
  }

  @Test
  void aWindowIsTheShardEstimateOfItsStepsAndStartsAgainWhenTheSizeChanges() {
    LinearRegressionNoise problem = new LinearRegressionNoise(5, 1.0, 1.0, 9);
    TrainingGradientNoise windows = new TrainingGradientNoise(4);
    for (int step = 0; step < 3; step++) {
      windows.add(meanGradient(problem, 8), 8);
    }
    List<INDArray> steps = new ArrayList<>();
    for (int step = 0; step < 4; step++) {
      INDArray g = meanGradient(problem, 16);
      steps.add(g);
      windows.add(g, 16);
    }

    List<GradientNoise> estimates = windows.drain();

    double[] norms = new double[4];
    INDArray sum = Nd4j.zeros(steps.get(0).dataType(), 5);
    for (int i = 0; i < 4; i++) {
      norms[i] = Math.pow(steps.get(i).norm2Number().doubleValue(), 2);
      sum.addi(steps.get(i));
    }
    GradientNoise expected =
        GradientNoise.fromShards(16, norms, Math.pow(sum.norm2Number().doubleValue() / 4, 2));
    assertThat(estimates).hasSize(1);
    assertThat(estimates.get(0).gradientSquared())
        .isCloseTo(expected.gradientSquared(), within(1e-12));
    assertThat(estimates.get(0).trace()).isCloseTo(expected.trace(), within(1e-9));
    assertThat(windows.drain()).isEmpty();
    assertThat(windows.pendingSteps()).isZero();
  }

  @Test
  void aWindowSavedHalfWayIsCompletedAfterLoadingAsWithoutTheBreak() {
    LinearRegressionNoise problem = new LinearRegressionNoise(6, 1.0, 1.0, 4);
    List<INDArray> steps = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      steps.add(meanGradient(problem, 8));
    }
    TrainingGradientNoise whole = new TrainingGradientNoise(3);
    steps.forEach(g -> whole.add(g, 8));
    TrainingGradientNoise first = new TrainingGradientNoise(3);
    steps.subList(0, 5).forEach(g -> first.add(g, 8));
    StateTree state = new StateTree();
    first.serialize(new StateWriter(state));

    TrainingGradientNoise resumed = new TrainingGradientNoise(3);
    resumed.serialize(new StateReader(state));
    steps.subList(5, 7).forEach(g -> resumed.add(g, 8));

    assertThat(resumed.drain()).isEqualTo(whole.drain());
    assertThat(resumed.pendingSteps()).isEqualTo(whole.pendingSteps()).isEqualTo(1);
  }

  @Test
  void refusesAWindowOfOneStepAndASnapshotOfAnotherWindow() {
    assertThatThrownBy(() -> new TrainingGradientNoise(1)).hasMessageContaining("window");
    StateTree state = new StateTree();
    new TrainingGradientNoise(3).serialize(new StateWriter(state));
    assertThatThrownBy(() -> new TrainingGradientNoise(4).serialize(new StateReader(state)))
        .hasMessageContaining("window");
  }

  @Test
  void inAdamsGeometryAWindowWeighsEachStepsGradientByAdamsStateAtThatStep() {
    ArrayDataset data = TestModels.data(512, 8, 3, 11);
    Model model = TestModels.mlp(8, 16, 3, 1);
    new Adam(0.01, 0.9, 0.0, 1e-8).setup(model);
    for (int i = 0; i < GradientWeights.MIN_ADAM_STEPS; i++) {
      model.fit(data.get(IntStream.range(32 * i, 32 * (i + 1)).toArray()));
    }
    TrainingGradientNoise raw = new TrainingGradientNoise(2);
    TrainingGradientNoise adam = new TrainingGradientNoise(2, NoiseGeometry.OPTIMIZER);
    model.addGradientListener(raw);
    model.addGradientListener(adam);
    double[] norms = new double[2];
    double[] combined = null;

    for (int step = 0; step < 2; step++) {
      Batch batch = data.get(IntStream.range(256 + 32 * step, 288 + 32 * step).toArray());
      // What the listener sees: the step's gradient, weighted by Adam's state before the update.
      double[] weighted =
          GradientProbe.meanGradient(
                  model.copy(), batch, GradientWeights.vector(model, NoiseGeometry.OPTIMIZER))
              .toDoubleVector();
      norms[step] = SquaredNorm.of(weighted);
      combined = combined == null ? new double[weighted.length] : combined;
      for (int k = 0; k < weighted.length; k++) {
        combined[k] += weighted[k] / 2;
      }
      model.fit(batch);
    }
    GradientNoise expected = GradientNoise.fromShards(32, norms, SquaredNorm.of(combined));

    GradientNoise inAdams = adam.drain().get(0);
    assertThat(inAdams.trace()).isCloseTo(expected.trace(), within(1e-4 * expected.trace()));
    assertThat(inAdams.gradientSquared())
        .isCloseTo(expected.gradientSquared(), within(1e-4 * Math.abs(expected.trace())));
    double rawScale = raw.drain().get(0).noiseScale();
    assertThat(inAdams.noiseScale()).isNotCloseTo(rawScale, within(0.1 * Math.abs(rawScale)));
  }
}
