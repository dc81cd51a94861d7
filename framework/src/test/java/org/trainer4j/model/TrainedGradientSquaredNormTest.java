package org.trainer4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.testing.TestModels;

/**
 * The squared norm of the trained parameters' gradient, read in place: the sum over {@link
 * Model#trainedGradients()}, batch normalization's running statistics left out.
 */
class TrainedGradientSquaredNormTest {

  @Test
  void isTheSquaredNormOfTheTrainedGradientsWithoutBatchNormsRunningStatistics() {
    Model model = TestModels.mlp(6, 8, 3, 1); // dense - BN - dense
    model.setTraining(true);
    model.computeGradients(TestModels.data(16, 6, 3, 2).get(new int[] {0, 1, 2, 3, 4, 5}));

    double expected = 0;
    for (INDArray g : model.trainedGradients().values()) {
      expected += Math.pow(g.norm2Number().doubleValue(), 2);
    }
    double all = Math.pow(model.gradients().norm2Number().doubleValue(), 2);

    assertThat(model.trainedGradientSquaredNorm()).isCloseTo(expected, within(1e-6 * expected));
    // The flat gradient also holds the running statistics' updates (0.07 % of it here): this test
    // tells the two apart.
    assertThat(all).isGreaterThan(expected * (1 + 1e-4));
  }

  @Test
  void needsAGradientFirst() {
    assertThatThrownBy(() -> TestModels.mlp(6, 8, 3, 1).trainedGradientSquaredNorm())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("computeGradients");
  }
}
