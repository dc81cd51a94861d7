package org.trainer4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.datasets.Batch;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.testing.TestModels;

/**
 * A {@link GradientListener} sees each step's loss gradient between the backward pass and the
 * update, which DL4J then overwrites with the update.
 */
class GradientListenerTest {

  private static final Batch BATCH =
      TestModels.data(16, 6, 3, 2).get(new int[] {0, 1, 2, 3, 4, 5, 6, 7});
  private static final Batch HALF = TestModels.data(16, 6, 3, 2).get(new int[] {8, 9, 10, 11});

  /** Records the batch size and a copy of the trained gradients at each call. */
  private static final class Recorder implements GradientListener {
    final List<Integer> sizes = new ArrayList<>();
    final List<Map<String, INDArray>> gradients = new ArrayList<>();

    @Override
    public void gradientComputed(Model model, int batchSize) {
      sizes.add(batchSize);
      gradients.add(model.trainedGradients());
    }
  }

  @Test
  void fitShowsTheGradientBeforeTheUpdateTurnsItIntoTheStep() {
    Model model = TestModels.mlp(6, 8, 3, 1);
    new Adam(0.01).setup(model);
    Model reference = model.copy();
    Recorder recorder = new Recorder();
    model.addGradientListener(recorder);

    model.fit(BATCH);
    reference.computeGradients(BATCH);

    assertThat(recorder.sizes).containsExactly(8);
    Map<String, INDArray> expected = reference.trainedGradients();
    assertThat(recorder.gradients.get(0).keySet()).containsExactlyElementsOf(expected.keySet());
    for (String name : expected.keySet()) {
      assertThat(recorder.gradients.get(0).get(name).ravel().toDoubleVector())
          .as(name)
          .containsExactly(expected.get(name).ravel().toDoubleVector());
    }
    // After fit the model's gradient holds Adam's step, no longer the loss gradient.
    assertThat(model.trainedGradients().get("0_W").ravel().toDoubleVector())
        .isNotEqualTo(expected.get("0_W").ravel().toDoubleVector());
  }

  @Test
  void computeGradientsCallsItOnceWithTheBatchSize() {
    Model model = TestModels.mlp(6, 8, 3, 1);
    Recorder recorder = new Recorder();
    model.addGradientListener(recorder);

    model.computeGradients(BATCH);
    model.computeGradients(HALF);

    assertThat(recorder.sizes).containsExactly(8, 4);
    assertThat(recorder.gradients.get(0).get("0_W").ravel().toDoubleVector())
        .isNotEqualTo(recorder.gradients.get(1).get("0_W").ravel().toDoubleVector());
  }

  @Test
  void copiesStartWithoutListenersAndARemovedListenerIsNotCalledAgain() {
    Model model = TestModels.mlp(6, 8, 3, 1);
    new Adam(0.01).setup(model);
    Recorder recorder = new Recorder();
    model.addGradientListener(recorder);

    model.copy().fit(BATCH);
    model.fit(BATCH);
    model.removeGradientListener(recorder);
    model.fit(BATCH);

    assertThat(recorder.sizes).containsExactly(8);
  }
}
