package org.trainer4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.Batch;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.testing.CountingActivation;
import org.trainer4j.testing.TestModels;

/** {@link Model#predict}: DL4J's own loss and output, from one pass through the network. */
class ModelPredictTest {

  @Test
  void anMlpPredictsDl4jsScoreAndOutput() {
    ArrayDataset data = TestModels.data(32, 6, 3, 4);
    Model model = trained(TestModels.mlp(6, 8, 3, 5), data);

    assertMatchesDl4j(model, data.get(new int[] {1, 3, 5, 7, 9, 11, 13}));
  }

  @Test
  void aCnnWithBatchNormalizationAndDropoutPredictsDl4jsScoreAndOutputInEvaluationMode() {
    Nd4j.getRandom().setSeed(11);
    ArrayDataset data = ArrayDataset.of(Nd4j.rand(DataType.FLOAT, 24, 2, 6, 6), oneHot(24, 4));
    Model model = trained(Model.of(cnnWithDropout()), data);

    assertMatchesDl4j(model, data.get(new int[] {0, 2, 4, 6, 8, 10, 12, 14}));
  }

  @Test
  void aComputationGraphPredictsDl4jsScoreAndOutput() {
    ArrayDataset data = TestModels.data(32, 6, 3, 4);
    Model model = trained(Model.of(residualGraph(Activation.RELU.getActivationFunction())), data);

    assertMatchesDl4j(model, data.get(new int[] {0, 1, 2, 3, 4, 5}));
  }

  @Test
  void aMultiLayerNetworkRunsOncePerPrediction() {
    CountingActivation counter = new CountingActivation();
    Model model = TestModels.countingMlp(6, 5, 3, counter);
    model.setTraining(false);

    model.predict(TestModels.data(8, 6, 3, 1).get(new int[] {0, 1, 2, 3}));

    assertThat(counter.forwardPasses()).isEqualTo(1);
  }

  @Test
  void aComputationGraphRunsOncePerPrediction() {
    CountingActivation counter = new CountingActivation();
    Model model = Model.of(residualGraph(counter));
    model.setTraining(false);

    model.predict(TestModels.data(8, 6, 3, 1).get(new int[] {0, 1, 2, 3}));

    assertThat(counter.forwardPasses()).isEqualTo(1);
  }

  private static void assertMatchesDl4j(Model model, Batch batch) {
    model.setTraining(false);
    org.deeplearning4j.nn.api.Model network = model.unwrap(org.deeplearning4j.nn.api.Model.class);
    double score =
        network instanceof MultiLayerNetwork mln
            ? mln.score(batch.toDataSet(), false)
            : ((ComputationGraph) network).score(batch.toDataSet(), false);
    INDArray output =
        network instanceof MultiLayerNetwork mln
            ? mln.output(batch.features(), false)
            : ((ComputationGraph) network).output(false, batch.features())[0];

    Prediction prediction = model.predict(batch);

    assertThat(prediction.loss()).isCloseTo(score, within(1e-6));
    assertThat(prediction.output().shape()).containsExactly(output.shape());
    assertThat(prediction.output().sub(output).amaxNumber().doubleValue()).isLessThan(1e-6);
  }

  /** A few Adam steps, so that BN's running statistics and the weights are not the initial ones. */
  private static Model trained(Model model, ArrayDataset data) {
    new Adam(0.01).setup(model);
    for (int i = 0; i < 3; i++) {
      model.fit(data.get(new int[] {i, i + 8, i + 16, i + 4, i + 12, i + 20}));
    }
    return model;
  }

  private static INDArray oneHot(int rows, int classes) {
    INDArray labels = Nd4j.zeros(DataType.FLOAT, rows, classes);
    for (int i = 0; i < rows; i++) {
      labels.putScalar(i, i % classes, 1);
    }
    return labels;
  }

  private static MultiLayerNetwork cnnWithDropout() {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(9)
            .l2(0.01) // the loss includes the regularization term, once
            .weightInit(WeightInit.RELU)
            .list()
            .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).padding(1, 1).build())
            .layer(new BatchNormalization.Builder().activation(Activation.RELU).build())
            .layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build())
            .layer(
                new DenseLayer.Builder().nOut(8).dropOut(0.5).activation(Activation.RELU).build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(4)
                    .dropOut(0.7)
                    .activation(Activation.SOFTMAX)
                    .build())
            .setInputType(InputType.convolutional(6, 6, 2))
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  /** Dense -> BN added to the input, then a softmax output; {@code hidden} is the dense layer's. */
  private static ComputationGraph residualGraph(IActivation hidden) {
    DenseLayer.Builder dense = new DenseLayer.Builder().nOut(6).dropOut(0.8).activation(hidden);
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(3)
            .l2(0.01)
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.feedForward(6))
            .addLayer("dense", dense.build(), "in")
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
    return graph;
  }
}
