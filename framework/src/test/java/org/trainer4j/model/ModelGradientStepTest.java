package org.trainer4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.Batch;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.testing.TestModels;

/** {@link Model#computeGradients} followed by {@link Model#applyGradients} is {@link Model#fit}. */
class ModelGradientStepTest {

  @Test
  void computeThenApplyIsBitIdenticalToFit() {
    Model fitted = TestModels.mlp(6, 8, 3, 1);
    Model split = fitted.copy();
    new Adam(0.01).setup(fitted);
    new Adam(0.01).setup(split);
    ArrayDataset data = TestModels.data(16, 6, 3, 2);
    Batch batch = data.get(new int[] {0, 1, 2, 3, 4, 5, 6, 7});

    for (int step = 0; step < 3; step++) {
      StepResult a = fitted.fit(batch);
      StepResult b = split.computeGradients(batch);
      split.applyGradients(batch.size());
      assertThat(b).isEqualTo(a);
    }

    assertThat(split.params().toFloatVector()).containsExactly(fitted.params().toFloatVector());
    assertThat(split.updaterState().toFloatVector())
        .containsExactly(fitted.updaterState().toFloatVector());
    assertThat(split.iterationCount()).isEqualTo(3);
  }

  @Test
  void computeGradientsLeavesParametersUntouched() {
    Model model = TestModels.mlp(6, 8, 3, 1);
    float[] before = model.params().toFloatVector();

    model.computeGradients(TestModels.data(8, 6, 3, 2).get(new int[] {0, 1, 2, 3}));

    assertThat(model.params().toFloatVector()).containsExactly(before);
    assertThat(model.gradients().amaxNumber().doubleValue()).isPositive();
  }

  @Test
  void applyGradientsNeedsAComputedGradient() {
    Model model = TestModels.mlp(6, 8, 3, 1);

    assertThatThrownBy(() -> model.applyGradients(4)).hasMessageContaining("computeGradients");
  }
}
