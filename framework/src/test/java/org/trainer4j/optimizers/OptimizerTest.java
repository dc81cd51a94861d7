package org.trainer4j.optimizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.Batch;
import org.trainer4j.model.Model;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;
import org.trainer4j.testing.TestModels;

class OptimizerTest {

  private final ArrayDataset data = TestModels.data(32, 4, 2, 3);
  private final Batch batch = data.get(new int[] {0, 1, 2, 3, 4, 5});

  private Model doubleMlp() {
    return Model.of(TestModels.mlpNetwork(4, 5, 2, 1, DataType.DOUBLE));
  }

  /** Parameter change of one step, with gradients taken from a copy trained by plain SGD lr 1. */
  private static INDArray gradientOf(Model model, Batch batch) {
    Model probe = model.copy();
    new SGD(1.0).setup(probe);
    INDArray before = probe.params().dup();
    probe.fit(batch);
    return before.sub(probe.params());
  }

  @Test
  void momentumSgdFollowsTheClassicalMomentumRule() {
    Model model = doubleMlp();
    MomentumSGD optimizer = new MomentumSGD(0.1, 0.9);
    optimizer.setup(model);
    INDArray w0 = model.params().dup();
    INDArray g0 = gradientOf(model, batch);

    optimizer.update(batch);
    INDArray w1 = model.params().dup();
    INDArray g1 = gradientOf(model, batch);
    optimizer.update(batch);

    // v1 = -lr g0; v2 = 0.9 v1 - lr g1 (BN running statistics are not trained: compare W only)
    INDArray v1 = g0.mul(-0.1);
    INDArray v2 = v1.mul(0.9).sub(g1.mul(0.1));
    long n = model.paramTable().get("0_W").length();
    assertThat(w1.sub(w0).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n)))
        .isEqualTo(v1.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n)));
    INDArray step2 = model.params().sub(w1);
    for (int i = 0; i < n; i++) {
      assertThat(step2.getDouble(i)).isCloseTo(v2.getDouble(i), within(1e-12));
    }
  }

  @Test
  void learningRateChangeTakesEffectAtTheNextUpdate() {
    Model a = doubleMlp();
    Model b = a.copy();
    SGD slow = new SGD(0.1);
    SGD changed = new SGD(0.1);
    slow.setup(a);
    changed.setup(b);
    INDArray start = a.paramTable().get("0_W").dup();

    changed.setLearningRate(0.2);
    slow.update(batch);
    changed.update(batch);

    double stepA = a.paramTable().get("0_W").sub(start).norm2Number().doubleValue();
    double stepB = b.paramTable().get("0_W").sub(start).norm2Number().doubleValue();
    assertThat(stepB).isCloseTo(2 * stepA, within(1e-9));
    assertThat(changed.getLearningRate()).isEqualTo(0.2);
  }

  @Test
  void setupOfACopyKeepsItsOptimizerState() {
    Model model = doubleMlp();
    Adam adam = new Adam(0.01);
    adam.setup(model);
    adam.update(batch);
    INDArray state = model.updaterState().dup();
    Model copy = model.copy();

    adam.setup(copy);
    adam.setup(model);

    assertThat(copy.updaterState()).isEqualTo(state);
    assertThat(model.updaterState()).isEqualTo(state);
    assertThat(adam.getModel()).isSameAs(model);
  }

  @Test
  void hyperparametersRoundTripThroughSerialization() {
    Adam adam = new Adam(0.01);
    adam.set(Adam.BETA1, 0.8);
    StateTree tree = new StateTree();
    adam.serialize(new StateWriter(tree));
    Adam restored = new Adam();

    restored.serialize(new StateReader(tree));

    assertThat(restored.getLearningRate()).isEqualTo(0.01);
    assertThat(restored.get(Adam.BETA1)).isEqualTo(0.8);
  }

  @Test
  void momentumRuleSurvivesDl4jModelSerialization() throws Exception {
    Model model = doubleMlp();
    new MomentumSGD(0.05, 0.8).setup(model);
    model.fit(batch);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(model.unwrap(MultiLayerNetwork.class), bytes, true);

    MultiLayerNetwork restored =
        ModelSerializer.restoreMultiLayerNetwork(
            new ByteArrayInputStream(bytes.toByteArray()), true);

    assertThat(restored.getLayerWiseConfigurations().toJson()).contains("ClassicMomentum");
    assertThat(restored.getUpdater().getStateViewArray()).isEqualTo(model.updaterState());
  }

  @Test
  void unknownHyperparameterIsRejectedListingTheKnownOnes() {
    assertThatThrownBy(() -> new SGD(0.1).set("momentum", 0.9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'momentum'")
        .hasMessageContaining("[lr]");
  }

  @Test
  void invalidValuesAreRejectedNamingTheHyperparameter() {
    assertThatThrownBy(() -> new SGD(-1)).hasMessageContaining("lr must not be negative: -1");
    assertThatThrownBy(() -> new MomentumSGD(0.1, 1.5))
        .hasMessageContaining("momentum must be in [0, 1): 1.5");
    assertThatThrownBy(() -> new Adam().set("lr", Double.NaN))
        .hasMessageContaining("lr must be finite");
  }

  @Test
  void getModelBeforeSetupExplainsWhatToDo() {
    assertThatThrownBy(() -> new SGD(0.1).getModel())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("setup(model)");
  }
}
