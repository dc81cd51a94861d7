package org.trainer4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.datasets.Batch;
import org.trainer4j.optimizers.SGD;
import org.trainer4j.testing.CountingActivation;
import org.trainer4j.testing.TestModels;

/**
 * The model measures training accuracy with a listener of its own, but the user's network keeps
 * exactly the listeners the user gave it, and those still hear every step.
 */
class ModelListenersTest {

  private final Batch batch = TestModels.data(16, 6, 3, 2).get(new int[] {0, 1, 2, 3, 4, 5});

  /** Counts the steps DL4J or the model reports. */
  private static final class StepCounter extends BaseTrainingListener {
    int iterations;

    @Override
    public void iterationDone(org.deeplearning4j.nn.api.Model model, int iteration, int epoch) {
      iterations++;
    }
  }

  @Test
  void aMultiLayerNetworkKeepsExactlyItsOwnListenersAndTheyHearEveryStep() {
    MultiLayerNetwork net = TestModels.mlpNetwork(6, 8, 3, 1, DataType.FLOAT);
    StepCounter counter = new StepCounter();
    net.setListeners(counter);
    List<TrainingListener> before = new ArrayList<>(net.getListeners());
    Model model = Model.of(net);
    new SGD(0.1).setup(model);

    StepResult fitted = model.fit(batch);
    StepResult computed = model.computeGradients(batch);
    model.applyGradients(batch.size());

    assertThat(net.getListeners()).containsExactlyElementsOf(before);
    assertThat(counter.iterations).isEqualTo(2);
    assertThat(fitted.hasAccuracy()).isTrue();
    assertThat(computed.hasAccuracy()).isTrue();
  }

  @Test
  void aComputationGraphKeepsExactlyItsOwnListenersAndTheyHearEveryStep() {
    ComputationGraph graph = graph();
    StepCounter counter = new StepCounter();
    graph.setListeners(counter);
    List<TrainingListener> before = new ArrayList<>(graph.getListeners());
    Model model = Model.of(graph);
    new SGD(0.1).setup(model);

    StepResult fitted = model.fit(batch);
    StepResult computed = model.computeGradients(batch);
    model.applyGradients(batch.size());

    assertThat(graph.getListeners()).containsExactlyElementsOf(before);
    assertThat(counter.iterations).isEqualTo(2);
    assertThat(fitted.hasAccuracy()).isTrue();
    assertThat(computed.hasAccuracy()).isTrue();
  }

  @Test
  void aNetworkWithoutListenersHasNoneAfterTrainingAndItsCopyHasNone() {
    MultiLayerNetwork net = TestModels.mlpNetwork(6, 8, 3, 1, DataType.FLOAT);
    Model model = Model.of(net);
    new SGD(0.1).setup(model);

    model.fit(batch);
    Model copy = model.copy();
    copy.fit(batch);

    assertThat(net.getListeners()).isEmpty();
    assertThat(copy.unwrap(MultiLayerNetwork.class).getListeners()).isEmpty();
  }

  @Test
  void trainingAccuracyCostsNoSecondPassThroughTheNetwork() {
    CountingActivation counter = new CountingActivation();
    Model model = TestModels.countingMlp(6, 5, 3, counter);
    new SGD(0.1).setup(model);

    StepResult result = model.fit(batch);

    assertThat(result.hasAccuracy()).isTrue();
    assertThat(counter.forwardPasses()).isEqualTo(1);
  }

  @Test
  void aGraphsCopyHasAListenerCollectionOfItsOwn() {
    ComputationGraph graph = graph();
    StepCounter counter = new StepCounter();
    graph.setListeners(counter);
    Model copy = Model.of(graph).copy();
    ComputationGraph copied = copy.unwrap(ComputationGraph.class);

    copied.addListeners(new StepCounter());
    copy.fit(batch);

    assertThat(graph.getListeners()).containsExactly(counter);
    assertThat(copied.getListeners()).hasSize(2).contains(counter);
  }

  private static ComputationGraph graph() {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(4)
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.feedForward(6))
            .addLayer(
                "dense", new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build(), "in")
            .addLayer(
                "out",
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(3)
                    .activation(Activation.SOFTMAX)
                    .build(),
                "dense")
            .setOutputs("out")
            .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    return graph;
  }
}
