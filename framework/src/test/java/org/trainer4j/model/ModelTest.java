package org.trainer4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.Batch;
import org.trainer4j.layers.WeightNormDense;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;
import org.trainer4j.testing.TestModels;

class ModelTest {

  private final ArrayDataset data = TestModels.data(64, 6, 3, 11);
  private final Batch batch = data.get(new int[] {0, 1, 2, 3, 4, 5, 6, 7});

  private Model trainedMlp() {
    Model model = TestModels.mlp(6, 8, 3, 5);
    new Adam(0.01).setup(model);
    model.fit(batch);
    model.fit(batch);
    return model;
  }

  @Test
  void trainingACopyLeavesTheOriginalBitIdentical() {
    Model original = trainedMlp();
    INDArray params = original.params().dup();
    INDArray state = original.updaterState().dup();
    INDArray bnMean = original.paramTable().get("1_mean").dup();
    int iterations = original.iterationCount();

    Model copy = original.copy();
    for (int i = 0; i < 3; i++) {
      copy.fit(data.get(new int[] {8, 9, 10, 11}));
    }

    assertThat(copy.params()).isNotEqualTo(params);
    assertThat(original.params()).isEqualTo(params);
    assertThat(original.updaterState()).isEqualTo(state);
    assertThat(original.paramTable().get("1_mean")).isEqualTo(bnMean);
    assertThat(original.iterationCount()).isEqualTo(iterations);
  }

  @Test
  void copyCarriesParametersOptimizerStateCountersAndMode() {
    Model original = trainedMlp();
    original.setTraining(false);

    Model copy = original.copy();

    assertThat(copy.params()).isEqualTo(original.params());
    assertThat(copy.updaterState()).isEqualTo(original.updaterState());
    assertThat(copy.iterationCount()).isEqualTo(2);
    assertThat(copy.isTraining()).isFalse();
  }

  @Test
  void copyTrainsExactlyLikeTheOriginalWould() {
    Model a = trainedMlp();
    Model b = a.copy();

    a.fit(batch);
    b.fit(batch);

    assertThat(b.params()).isEqualTo(a.params());
  }

  @Test
  void fitReportsLossAndAccuracyForAClassifier() {
    Model model = TestModels.mlp(6, 8, 3, 5);
    new Adam(0.01).setup(model);

    StepResult result = model.fit(batch);

    assertThat(result.loss()).isPositive();
    assertThat(result.hasAccuracy()).isTrue();
    assertThat(result.accuracy()).isBetween(0.0, 1.0);
    assertThat(result.batchSize()).isEqualTo(8);
  }

  @Test
  void reportedAccuracyMatchesTheNetworksOwnPredictionsBeforeTheUpdate() {
    Model model = trainedMlp();
    // Output layer input is computed in training mode (BN batch statistics), so compare with a
    // training-mode forward pass on the same batch before the step changes the parameters.
    INDArray predictions =
        model.unwrap(MultiLayerNetwork.class).output(batch.features(), true).argMax(1);
    double expected =
        predictions
            .eq(batch.labels().argMax(1))
            .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
            .meanNumber()
            .doubleValue();

    StepResult result = model.fit(batch);

    assertThat(result.accuracy()).isEqualTo(expected);
  }

  @Test
  void wrongFeatureWidthNamesBothShapes() {
    Model model = TestModels.mlp(6, 8, 3, 5);
    Batch wrong = new Batch(Nd4j.zeros(4, 7), Nd4j.zeros(4, 3));

    assertThatThrownBy(() -> model.fit(wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("features shape [4, 7]")
        .hasMessageContaining("[n, 6]");
  }

  @Test
  void wrongLabelCountNamesTheOutputLayer() {
    Model model = TestModels.mlp(6, 8, 3, 5);
    Batch wrong = new Batch(Nd4j.zeros(4, 6), Nd4j.zeros(4, 5));

    assertThatThrownBy(() -> model.fit(wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labels shape [4, 5]")
        .hasMessageContaining("[n, 3]")
        .hasMessageContaining("OutputLayer");
  }

  @Test
  void mismatchedExampleCountsAreRejected() {
    assertThatThrownBy(() -> new Batch(Nd4j.zeros(4, 6), Nd4j.zeros(5, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 examples but labels have 5");
  }

  @Test
  void imageFeaturesForAConvolutionalModelAreChecked() {
    Model cnn = TestModels.cnn(1, 8, 3, 1);

    assertThatThrownBy(() -> cnn.output(Nd4j.zeros(2, 3, 8, 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[2, 3, 8, 8]");
    assertThat(cnn.output(Nd4j.zeros(2, 1, 8, 8)).shape()).containsExactly(2, 3);
  }

  @Test
  void aBatchNormalizationFirstLayerTrainsOnImages() {
    Model model =
        network(
            InputType.convolutional(4, 4, 3),
            new BatchNormalization.Builder().build(),
            softmaxOutput(2));

    model.fit(new Batch(Nd4j.rand(4, 3, 4, 4), Nd4j.eye(2).repeat(0, 2)));

    assertThat(model.iterationCount()).isEqualTo(1);
  }

  @Test
  void anLstmFirstLayerTrainsOnSequences() {
    Model model =
        network(
            InputType.recurrent(3),
            new LSTM.Builder().nOut(4).build(),
            new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE)
                .nOut(2)
                .activation(Activation.IDENTITY)
                .build());

    model.fit(new Batch(Nd4j.rand(2, 3, 5), Nd4j.rand(2, 2, 5)));

    assertThat(model.iterationCount()).isEqualTo(1);
  }

  @Test
  void anEmbeddingFirstLayerTrainsOnIndices() {
    Model model =
        network(
            null,
            new EmbeddingLayer.Builder().nIn(10).nOut(4).build(),
            new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(4)
                .nOut(2)
                .activation(Activation.SOFTMAX)
                .build());
    INDArray indices = Nd4j.createFromArray(new double[][] {{0}, {3}, {7}, {9}});

    model.fit(new Batch(indices, Nd4j.eye(2).repeat(0, 2)));

    assertThat(model.iterationCount()).isEqualTo(1);
  }

  @Test
  void anImageOfTheWrongSizeNamesTheSizeTheNetworkWasBuiltFor() {
    Model cnn = TestModels.cnn(1, 8, 3, 1);

    assertThatThrownBy(() -> cnn.output(Nd4j.zeros(2, 1, 6, 6)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "features shape [2, 1, 6, 6] does not fit the model, which expects [n, 1, 8, 8]");
  }

  @Test
  void aWeightNormDenseFirstLayerChecksTheFeatureWidth() {
    Model model =
        network(
            InputType.feedForward(4),
            new WeightNormDense.Builder().nOut(3).build(),
            softmaxOutput(2));

    assertThatThrownBy(() -> model.output(Nd4j.zeros(2, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "features shape [2, 5] does not fit the model, which expects [n, 4] (layer 0,"
                + " WeightNormDense)");
  }

  @Test
  void aShapeOnceAcceptedDoesNotLetAnotherShapeThrough() {
    Model model =
        network(
            InputType.feedForward(4),
            new WeightNormDense.Builder().nOut(3).build(),
            softmaxOutput(2));
    model.output(Nd4j.zeros(2, 4)); // accepted, and remembered so later batches skip the check

    assertThat(model.output(Nd4j.zeros(2, 4)).shape()).containsExactly(2, 2);
    assertThatThrownBy(() -> model.output(Nd4j.zeros(2, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("features shape [2, 5] does not fit the model");
  }

  @Test
  void fitInEvaluationModeIsAnError() {
    Model model = TestModels.mlp(6, 8, 3, 5);
    model.setTraining(false);

    assertThatThrownBy(() -> model.fit(batch))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("training mode");
  }

  @Test
  void serializedStateRestoresIntoAnotherModelInPlace() {
    Model trained = trainedMlp();
    StateTree tree = new StateTree();
    trained.serialize(new StateWriter(tree));
    Model fresh = TestModels.mlp(6, 8, 3, 99);
    new Adam(0.01).setup(fresh);
    INDArray view = fresh.params();

    fresh.serialize(new StateReader(tree));

    assertThat(view).isEqualTo(trained.params());
    assertThat(fresh.updaterState()).isEqualTo(trained.updaterState());
    assertThat(fresh.iterationCount()).isEqualTo(2);
  }

  @Test
  void loadingAnIncompatibleNetworkNamesTheParameterAndLeavesTheModelIntact() {
    StateTree tree = new StateTree();
    trainedMlp().serialize(new StateWriter(tree));
    Model wider = TestModels.mlp(6, 16, 3, 5);
    INDArray before = wider.params().dup();

    assertThatThrownBy(() -> wider.serialize(new StateReader(tree)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("0_W")
        .hasMessageContaining("[6, 8]")
        .hasMessageContaining("[6, 16]");
    assertThat(wider.params()).isEqualTo(before);
  }

  private static Model network(InputType inputType, Layer... layers) {
    var list = new NeuralNetConfiguration.Builder().seed(3).list();
    for (Layer layer : layers) {
      list.layer(layer);
    }
    if (inputType != null) {
      list.setInputType(inputType);
    }
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    Model model = Model.of(net);
    new Adam(0.01).setup(model);
    return model;
  }

  private static Layer softmaxOutput(int classes) {
    return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
        .nOut(classes)
        .activation(Activation.SOFTMAX)
        .build();
  }
}
