package org.trainer4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class WeightNormDenseTest {

  @Test
  void gradientsMatchFiniteDifferences() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.feedForward(4),
            1,
            WeightNorm.dense().nOut(5).activation(Activation.TANH).build());
    net.getLayer(0).getParam(WeightNorm.LENGTH).muli(1.7);
    net.getLayer(0).getParam(WeightNorm.BIAS).assign(0.1);
    INDArray[] d = LayerChecks.data(2, 3, 4);

    LayerChecks.assertGradientsMatch(net, d[0], d[1]);
  }

  @Test
  void startsOutComputingWhatADenseLayerWithWeightsVComputes() {
    MultiLayerNetwork weightNorm =
        LayerChecks.network(
            InputType.feedForward(4),
            1,
            WeightNorm.dense().nOut(3).activation(Activation.SIGMOID).build());
    MultiLayerNetwork dense =
        LayerChecks.network(
            InputType.feedForward(4),
            1,
            new DenseLayer.Builder().nOut(3).activation(Activation.SIGMOID).build());
    dense.getLayer(0).setParam("W", weightNorm.getLayer(0).getParam(WeightNorm.DIRECTION));
    dense.getLayer(0).setParam("b", weightNorm.getLayer(0).getParam(WeightNorm.BIAS));
    INDArray x = LayerChecks.data(3, 6, 4)[0];

    INDArray a = weightNorm.feedForwardToLayer(0, x, false).get(1);
    INDArray b = dense.feedForwardToLayer(0, x, false).get(1);

    assertThat(a.equalsWithEps(b, 1e-12)).isTrue();
  }

  @Test
  void outputDependsOnlyOnTheDirectionOfV() {
    MultiLayerNetwork net =
        LayerChecks.network(InputType.feedForward(4), 1, WeightNorm.dense().nOut(3).build());
    INDArray x = LayerChecks.data(3, 6, 4)[0];
    INDArray before = net.feedForwardToLayer(0, x, false).get(1).dup();

    net.getLayer(0).getParam(WeightNorm.DIRECTION).muli(3.5);

    assertThat(net.feedForwardToLayer(0, x, false).get(1).equalsWithEps(before, 1e-12)).isTrue();
  }

  @Test
  void refusesAZeroInitializationThatWouldMakeItsWeightsNaN() {
    assertThatThrownBy(
            () ->
                LayerChecks.network(
                    InputType.feedForward(4),
                    1,
                    new WeightNormDense.Builder().nOut(3).weightInit(WeightInit.ZERO).build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot start from zero weights (weightInit ZERO)");
  }

  @Test
  void configurationSurvivesJsonRoundTrip() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.feedForward(4),
            1,
            WeightNorm.dense().nOut(7).activation(Activation.RELU).build());

    var back = LayerChecks.roundTrip(net.getLayerWiseConfigurations());

    WeightNormDense layer = (WeightNormDense) back.getConf(0).getLayer();
    assertThat(layer.getNIn()).isEqualTo(4);
    assertThat(layer.getNOut()).isEqualTo(7);
    assertThat(layer.getActivation()).isEqualTo(Activation.RELU);
  }

  @Test
  void refusesInputOfAnotherWidthThanNInNamingTheShapeAndStaysUsable() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.feedForward(5), 1, WeightNorm.dense().nOut(4).name("wn").build());

    assertThatThrownBy(() -> net.output(Nd4j.randn(DataType.DOUBLE, 2, 7)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("WeightNormDense 'wn' needs input of shape [n, 5], got [2, 7]");
    assertThat(net.output(Nd4j.randn(DataType.DOUBLE, 2, 5)).shape()).containsExactly(2, 3);
  }
}
