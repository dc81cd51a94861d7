package org.trainer4j.optimizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.Batch;
import org.trainer4j.model.Model;
import org.trainer4j.testing.TestModels;

/**
 * The optimizer's rule is the one place its hyperparameters live: a value set while training
 * reaches the network's very next update, whatever the network and however it was made.
 */
class OptimizerRuleTest {

  private final ArrayDataset data = TestModels.data(32, 4, 2, 3);
  private final Batch batch = data.get(new int[] {0, 1, 2, 3, 4, 5});

  @Test
  void aLearningRateChangedMidTrainingScalesTheNextStepOfAMultiLayerNetwork() {
    Model model = Model.of(TestModels.mlpNetwork(4, 5, 2, 1, DataType.DOUBLE));

    assertNextStepScales(model, "0_W");
  }

  @Test
  void aLearningRateChangedMidTrainingScalesTheNextStepOfAComputationGraph() {
    assertNextStepScales(Model.of(graph()), "hidden_W");
  }

  @Test
  void aModelRestoredFromDl4jBytesFollowsTheOptimizerThatSetsItUp() throws Exception {
    Model model = Model.of(TestModels.mlpNetwork(4, 5, 2, 1, DataType.DOUBLE));
    new SGD(0.1).setup(model);
    model.fit(batch);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(model.unwrap(MultiLayerNetwork.class), bytes, true);
    // its layers hold an SGD rule equal to the one below, read back from JSON: another instance
    Model restored =
        Model.of(
            ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(bytes.toByteArray()), true));
    SGD optimizer = new SGD(0.1);
    optimizer.setup(restored);
    INDArray weights = restored.paramTable().get("0_W");

    optimizer.setLearningRate(0);
    optimizer.update(batch);

    assertThat(restored.paramTable().get("0_W")).isEqualTo(weights);
  }

  @Test
  void aModelRestoredFromDl4jBytesKeepsItsOptimizerStateUnderAnEqualRule() throws Exception {
    Model model = Model.of(TestModels.mlpNetwork(4, 5, 2, 1, DataType.DOUBLE));
    new Adam(0.01).setup(model);
    model.fit(batch);
    model.fit(batch);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(model.unwrap(MultiLayerNetwork.class), bytes, true);
    Model restored =
        Model.of(
            ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(bytes.toByteArray()), true));

    new Adam(0.01).setup(restored);

    assertThat(restored.updaterState()).isEqualTo(model.updaterState());
  }

  /**
   * Two equal models take a step each with their own SGD; then one optimizer's learning rate is
   * tripled, and that model's next step on the same batch is three times the other's.
   */
  private void assertNextStepScales(Model a, String parameter) {
    Model b = a.copy();
    SGD kept = new SGD(0.1);
    SGD changed = new SGD(0.1);
    kept.setup(a);
    changed.setup(b);
    kept.update(batch);
    changed.update(batch);
    INDArray start = a.paramTable().get(parameter);
    assertThat(b.paramTable().get(parameter)).isEqualTo(start);

    changed.setLearningRate(0.3);
    kept.update(batch);
    changed.update(batch);

    double stepA = a.paramTable().get(parameter).sub(start).norm2Number().doubleValue();
    double stepB = b.paramTable().get(parameter).sub(start).norm2Number().doubleValue();
    assertThat(stepA).isPositive();
    assertThat(stepB / stepA).isCloseTo(3.0, within(1e-5));
  }

  private static ComputationGraph graph() {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(6)
            .dataType(DataType.DOUBLE)
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.feedForward(4))
            .addLayer(
                "hidden",
                new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build(),
                "in")
            .addLayer(
                "out",
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(2)
                    .activation(Activation.SOFTMAX)
                    .build(),
                "hidden")
            .setOutputs("out")
            .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    return graph;
  }
}
