package org.trainer4j.extensions.minibatch.goodput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.Batch;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.optimizers.SGD;
import org.trainer4j.testing.TestModels;

class GradientWeightsTest {

  private static final ArrayDataset DATA = TestModels.data(512, 8, 3, 11);

  private static Batch batch(int from, int to) {
    return DATA.get(IntStream.range(from, to).toArray());
  }

  /** Adam with beta2 = 0 keeps the last step's squared mean gradient as its second moment. */
  private static Model trainedWithMemorylessAdam(int steps) {
    Model model = TestModels.mlp(8, 16, 3, 1);
    new Adam(0.01, 0.9, 0.0, 1e-8).setup(model);
    for (int i = 0; i < steps; i++) {
      model.fit(batch(32 * i, 32 * (i + 1)));
    }
    return model;
  }

  @Test
  void inTheRawGeometryTrainedParametersWeighOneAndBatchNormsRunningStatisticsNothing() {
    Model model = TestModels.mlp(8, 16, 3, 1);
    new Adam(0.01).setup(model);
    model.fit(batch(0, 32));

    double[] weights = GradientWeights.of(model, NoiseGeometry.RAW);

    assertThat(weights).hasSize((int) model.numParams());
    // BN's running mean and variance, 16 each, are not trained by the loss gradient.
    assertThat(Arrays.stream(weights).filter(w -> w == 0).count()).isEqualTo(2 * 16);
    assertThat(Arrays.stream(weights).filter(w -> w == 1).count())
        .isEqualTo(model.numParams() - 2 * 16);
  }

  @Test
  void theVectorHoldsTheSameWeightsInBothGeometries() {
    Model young = TestModels.mlp(8, 16, 3, 1);
    Model trained = trainedWithMemorylessAdam(GradientWeights.MIN_ADAM_STEPS);

    for (Model model : List.of(young, trained)) {
      for (NoiseGeometry geometry : NoiseGeometry.values()) {
        assertThat(GradientWeights.vector(model, geometry).toDoubleVector())
            .containsExactly(GradientWeights.of(model, geometry));
      }
    }
  }

  /**
   * Adam's blocks as runs of trained parameters in the raw geometry, where the untrained ones weigh
   * 0 and separate them, indexed in the trained parameters only.
   */
  private static List<int[]> trainedBlocks(Model model) {
    double[] raw = GradientWeights.of(model, NoiseGeometry.RAW);
    List<int[]> blocks = new ArrayList<>();
    int trained = 0;
    int start = -1;
    for (int i = 0; i <= raw.length; i++) {
      boolean inBlock = i < raw.length && raw[i] != 0;
      if (inBlock && start < 0) {
        start = trained;
      } else if (!inBlock && start >= 0) {
        blocks.add(new int[] {start, trained});
        start = -1;
      }
      trained += inBlock ? 1 : 0;
    }
    return blocks;
  }

  /** The weights memoryless Adam gives {@code gradient}: 1 / (max(|g|, floor) + epsilon). */
  private static double[] expectedWeights(double[] gradient, List<int[]> blocks) {
    double[] expected = new double[gradient.length];
    for (int[] block : blocks) {
      double sum = 0;
      for (int i = block[0]; i < block[1]; i++) {
        sum += gradient[i] * gradient[i];
      }
      double floor = GradientWeights.ADAM_FLOOR * Math.sqrt(sum / (block[1] - block[0]));
      for (int i = block[0]; i < block[1]; i++) {
        expected[i] = 1 / (Math.max(Math.abs(gradient[i]), floor) + 1e-8);
      }
    }
    return expected;
  }

  @Test
  void inTheOptimizersGeometryEachComponentIsDividedByAdamsRootMeanSquareGradientAboveAFloor() {
    Model before = trainedWithMemorylessAdam(GradientWeights.MIN_ADAM_STEPS - 1);
    Batch last = batch(32 * 4, 32 * 5);
    double[] gradient = GradientProbe.meanGradient(before.copy(), last);
    Model model = before.copy();
    model.fit(last);

    double[] weights = GradientWeights.of(model, NoiseGeometry.OPTIMIZER);

    double[] trained = Arrays.stream(weights).filter(w -> w != 0).toArray();
    assertThat(trained).hasSameSizeAs(gradient);
    double[] expected = expectedWeights(gradient, trainedBlocks(model));
    for (int i = 0; i < gradient.length; i++) {
      // Float32 gradients: weights of components near zero are the least precise.
      assertThat(trained[i]).isCloseTo(expected[i], within(1e-3 * expected[i] + 1e-2));
    }
    assertThat(Arrays.stream(trained).max().orElseThrow())
        .isGreaterThan(5 * Arrays.stream(trained).min().orElseThrow());
  }

  @Test
  void anEntryAdamNeverSawAGradientForWeighsNoMoreThanTheFloorAllows() {
    Model model = TestModels.mlp(8, 16, 3, 1);
    new Adam(0.01, 0.9, 0.0, 1e-8).setup(model);
    for (int i = 0; i < GradientWeights.MIN_ADAM_STEPS; i++) {
      Batch b = batch(32 * i, 32 * (i + 1));
      INDArray blankFirstInput = b.features().dup();
      blankFirstInput.getColumn(0).assign(0);
      model.fit(new Batch(blankFirstInput, b.labels()));
    }

    double[] weights = GradientWeights.of(model, NoiseGeometry.OPTIMIZER);

    // The dense layer's weights, an 8 x 16 matrix, are flat in column-major order: entry (0, j)
    // sits at j * 8. The layer opens the first block.
    double[] firstInput = IntStream.range(0, 16).mapToDouble(j -> weights[j * 8]).toArray();
    int[] firstBlock = trainedBlocks(model).get(0);
    double largest = Arrays.stream(weights, firstBlock[0], firstBlock[1]).max().orElseThrow();
    double median = Arrays.stream(weights).filter(w -> w != 0).sorted().toArray()[100];
    assertThat(firstInput).containsOnly(largest);
    assertThat(largest).isLessThan(1e3 * median);
  }

  @Test
  void beforeFiveAdamStepsAndUnderAnotherOptimizerTheOptimizersGeometryIsTheRawOne() {
    Model young = trainedWithMemorylessAdam(GradientWeights.MIN_ADAM_STEPS - 1);
    Model sgd = TestModels.mlp(8, 16, 3, 1);
    new SGD(0.01).setup(sgd);
    for (int i = 0; i < 8; i++) {
      sgd.fit(batch(32 * i, 32 * (i + 1)));
    }

    assertThat(GradientWeights.of(young, NoiseGeometry.OPTIMIZER))
        .containsExactly(GradientWeights.of(young, NoiseGeometry.RAW));
    assertThat(GradientWeights.of(sgd, NoiseGeometry.OPTIMIZER))
        .containsExactly(GradientWeights.of(sgd, NoiseGeometry.RAW));
  }

  @Test
  void aProbeInTheOptimizersGeometryMeasuresThePreconditionedGradients() {
    Model model = trainedWithMemorylessAdam(GradientWeights.MIN_ADAM_STEPS);
    double[] weights = GradientWeights.of(model, NoiseGeometry.OPTIMIZER);
    Batch noiseBatch = batch(256, 384);
    double[] shardNorms = new double[4];
    double[] combined = null;
    for (int s = 0; s < 4; s++) {
      double[] raw = GradientProbe.meanGradient(model, batch(256 + 32 * s, 256 + 32 * (s + 1)));
      double[] scaled = new double[raw.length];
      int k = 0;
      for (double w : weights) {
        if (w != 0) {
          scaled[k] = raw[k] * w;
          k++;
        }
      }
      shardNorms[s] = SquaredNorm.of(scaled);
      combined = combined == null ? new double[scaled.length] : combined;
      for (int i = 0; i < scaled.length; i++) {
        combined[i] += scaled[i] / 4;
      }
    }
    GradientNoise expected = GradientNoise.fromShards(32, shardNorms, SquaredNorm.of(combined));

    GradientNoise preconditioned =
        GradientProbe.shards(model, noiseBatch, 4, NoiseGeometry.OPTIMIZER);
    GradientNoise raw = GradientProbe.shards(model, noiseBatch, 4, NoiseGeometry.RAW);

    assertThat(preconditioned.noiseScale())
        .isCloseTo(expected.noiseScale(), within(1e-6 * Math.abs(expected.noiseScale())));
    assertThat(preconditioned.noiseScale())
        .isNotCloseTo(raw.noiseScale(), within(0.1 * Math.abs(raw.noiseScale())));
  }
}
