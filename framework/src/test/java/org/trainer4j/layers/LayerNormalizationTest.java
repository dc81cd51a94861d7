package org.trainer4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

class LayerNormalizationTest {

  @Test
  void gradientsMatchFiniteDifferencesOnDenseInput() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.feedForward(4),
            1,
            new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build(),
            new LayerNormalization.Builder().build());
    GroupNormalizationTest.randomizeAffine(net, 1);
    INDArray[] d = LayerChecks.data(2, 3, 4);

    LayerChecks.assertGradientsMatch(net, d[0], d[1]);
  }

  @Test
  void gradientsMatchFiniteDifferencesAfterAConvolution() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.convolutional(3, 3, 2),
            3,
            new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.TANH).build(),
            new LayerNormalization.Builder().build());
    GroupNormalizationTest.randomizeAffine(net, 1);
    INDArray[] d = LayerChecks.data(4, 2, 2, 3, 3);

    LayerChecks.assertGradientsMatch(net, d[0], d[1]);
  }

  @Test
  void matchesGroupNormalizationWithOneGroup() {
    MultiLayerNetwork layerNorm =
        LayerChecks.network(
            InputType.convolutional(3, 3, 4), 5, new LayerNormalization.Builder().build());
    MultiLayerNetwork groupNorm =
        LayerChecks.network(
            InputType.convolutional(3, 3, 4), 5, new GroupNormalization.Builder(1).build());
    GroupNormalizationTest.randomizeAffine(layerNorm, 0);
    groupNorm.setParams(layerNorm.params());
    INDArray x = LayerChecks.data(6, 2, 4, 3, 3)[0];

    INDArray a = layerNorm.feedForwardToLayer(0, x, false).get(1);
    INDArray b = groupNorm.feedForwardToLayer(0, x, false).get(1);

    assertThat(a.equalsWithEps(b, 1e-12)).isTrue();
  }

  @Test
  void normalizesEachExampleOverAllItsFeatures() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.feedForward(8), 5, new LayerNormalization.Builder().affine(false).build());
    INDArray x = LayerChecks.data(6, 3, 8)[0];

    INDArray out = net.feedForwardToLayer(0, x, false).get(1);

    assertThat(out.mean(1).amaxNumber().doubleValue()).isLessThan(1e-9);
    assertThat(out.var(false, 1).sub(1.0).amaxNumber().doubleValue()).isLessThan(1e-3);
  }

  @Test
  void imagesOfAnotherSizeThanTheFirstAreNormalizedPerExample() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.convolutional(4, 4, 2),
            5,
            new LayerNormalization.Builder().build(),
            new GlobalPoolingLayer.Builder(PoolingType.MAX).build());
    MultiLayerNetwork fresh = net.clone();
    INDArray small = LayerChecks.data(7, 8, 2, 2, 2)[0];

    net.output(LayerChecks.data(6, 8, 2, 4, 4)[0]);
    INDArray out = net.output(small);

    assertThat(out.shape()).containsExactly(8, 3);
    assertThat(out.equalsWithEps(fresh.output(small), 1e-12)).isTrue();
  }

  @Test
  void configurationSurvivesJsonRoundTrip() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.feedForward(6), 1, new LayerNormalization.Builder().eps(1e-4).build());

    var back = LayerChecks.roundTrip(net.getLayerWiseConfigurations());

    LayerNormalization layer = (LayerNormalization) back.getConf(0).getLayer();
    assertThat(layer.getEps()).isEqualTo(1e-4);
    assertThat(layer.isAffine()).isTrue();
    assertThat(layer.getNIn()).isEqualTo(6);
  }

  @ParameterizedTest(name = "eps {0}")
  @ValueSource(doubles = {0.0, -1e-5, Double.NaN, Double.POSITIVE_INFINITY})
  void refusesAnEpsilonThatIsNotAPositiveFiniteNumber(double eps) {
    // The check is ChannelNormalization's, shared by GroupNorm, LayerNorm and ProxyNorm.
    assertThatThrownBy(() -> new LayerNormalization.Builder().eps(eps))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eps must be")
        .hasMessageContaining(String.valueOf(eps));
  }
}
