package org.trainer4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.Batch;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.testing.TestModels;

class ComputationGraphModelTest {

  /** A residual block: dense -> BN, added to the input, then a softmax output. */
  private static Model residualGraph() {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(3)
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.feedForward(6))
            .addLayer(
                "dense", new DenseLayer.Builder().nOut(6).activation(Activation.RELU).build(), "in")
            .addLayer("bn", new BatchNormalization.Builder().build(), "dense")
            .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "in", "bn")
            .addLayer(
                "out",
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(3)
                    .activation(Activation.SOFTMAX)
                    .build(),
                "add")
            .setOutputs("out")
            .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    return Model.of(graph);
  }

  private final ArrayDataset data = TestModels.data(32, 6, 3, 4);
  private final Batch batch = data.get(new int[] {0, 1, 2, 3, 4, 5, 6, 7});

  @Test
  void graphTrainsAndReportsAccuracy() {
    Model model = residualGraph();
    new Adam(0.01).setup(model);

    StepResult result = model.fit(batch);

    assertThat(result.loss()).isPositive();
    assertThat(result.hasAccuracy()).isTrue();
    assertThat(model.iterationCount()).isEqualTo(1);
  }

  @Test
  void trainingAGraphCopyLeavesTheOriginalBitIdentical() {
    Model original = residualGraph();
    new Adam(0.01).setup(original);
    original.fit(batch);
    INDArray params = original.params().dup();
    INDArray state = original.updaterState().dup();

    Model copy = original.copy();
    copy.fit(data.get(new int[] {8, 9, 10, 11}));

    assertThat(copy.params()).isNotEqualTo(params);
    assertThat(original.params()).isEqualTo(params);
    assertThat(original.updaterState()).isEqualTo(state);
  }
}
