package org.trainer4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ProxyNormTest {

  @Test
  void gradientsMatchFiniteDifferencesAfterGroupNormOnDenseInput() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.feedForward(4),
            1,
            new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).build(),
            new GroupNormalization.Builder(2).affine(false).build(),
            new ProxyNorm.Builder().activation(Activation.TANH).proxySize(16).build());
    GroupNormalizationTest.randomizeAffine(net, 2);
    INDArray[] d = LayerChecks.data(2, 3, 4);

    LayerChecks.assertGradientsMatch(net, d[0], d[1]);
  }

  @Test
  void gradientsMatchFiniteDifferencesAfterLayerNormOnConvolutionalInput() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.convolutional(3, 3, 2),
            3,
            new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.IDENTITY).build(),
            new LayerNormalization.Builder().affine(false).build(),
            new ProxyNorm.Builder().activation(Activation.SIGMOID).proxySize(16).build());
    GroupNormalizationTest.randomizeAffine(net, 2);
    INDArray[] d = LayerChecks.data(4, 2, 2, 3, 3);

    LayerChecks.assertGradientsMatch(net, d[0], d[1]);
  }

  @Test
  void gaussianInputComesOutWithZeroMeanAndUnitVariancePerChannel() {
    // Feeding the proxy's own quantiles as a batch reproduces the proxy exactly, so whatever the
    // affine and activation do, each channel of the output is standardized.
    int n = 64;
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.feedForward(3),
            1,
            new ProxyNorm.Builder().activation(Activation.RELU).proxySize(n).eps(1e-9).build());
    GroupNormalizationTest.randomizeAffine(net, 0);
    INDArray u = Nd4j.createFromArray(GaussianQuantiles.of(n)).reshape(n, 1);
    INDArray x = u.repeat(1, 3).castTo(DataType.DOUBLE);

    INDArray out = net.feedForwardToLayer(0, x, false).get(1);

    assertThat(out.mean(0).amaxNumber().doubleValue()).isLessThan(1e-9);
    assertThat(out.var(false, 0).sub(1.0).amaxNumber().doubleValue()).isLessThan(1e-6);
  }

  @Test
  void withIdentityActivationAndUnitAffineIsNearlyTheIdentity() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.feedForward(3),
            1,
            new ProxyNorm.Builder().activation(Activation.IDENTITY).proxySize(4096).build());
    INDArray x = LayerChecks.data(2, 5, 3)[0];

    INDArray out = net.feedForwardToLayer(0, x, false).get(1);

    assertThat(out.equalsWithEps(x, 1e-2 * x.amaxNumber().doubleValue())).isTrue();
  }

  @Test
  void configurationSurvivesJsonRoundTrip() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.convolutional(2, 2, 5),
            1,
            new ProxyNorm.Builder().activation(Activation.SWISH).proxySize(32).eps(1e-4).build());

    var back = LayerChecks.roundTrip(net.getLayerWiseConfigurations());

    ProxyNorm layer = (ProxyNorm) back.getConf(0).getLayer();
    assertThat(layer.getActivation()).isEqualTo(Activation.SWISH);
    assertThat(layer.getProxySize()).isEqualTo(32);
    assertThat(layer.getEps()).isEqualTo(1e-4);
    assertThat(layer.getNIn()).isEqualTo(5);
  }

  @Test
  void refusesSoftmaxWhichMixesTheValuesThatTheProxyNormalizesOneChannelAtATime() {
    assertThatThrownBy(() -> new ProxyNorm.Builder().activation(Activation.SOFTMAX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ProxyNorm activation must act on each value alone, got SOFTMAX");
  }
}
