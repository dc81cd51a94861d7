package org.trainer4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class WeightNormConvolutionTest {

  @Test
  void gradientsMatchFiniteDifferences() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.convolutional(4, 4, 2),
            1,
            WeightNorm.convolution(2, 2).nOut(3).stride(2, 2).activation(Activation.TANH).build());
    net.getLayer(0).getParam(WeightNorm.LENGTH).muli(1.3);
    net.getLayer(0).getParam(WeightNorm.BIAS).assign(-0.1);
    INDArray[] d = LayerChecks.data(2, 2, 2, 4, 4);

    LayerChecks.assertGradientsMatch(net, d[0], d[1]);
  }

  @Test
  void startsOutComputingWhatAConvolutionWithKernelsVComputes() {
    MultiLayerNetwork weightNorm =
        LayerChecks.network(
            InputType.convolutional(5, 5, 2),
            1,
            WeightNorm.convolution(3, 3)
                .nOut(4)
                .padding(1, 1)
                .activation(Activation.SIGMOID)
                .build());
    MultiLayerNetwork conv =
        LayerChecks.network(
            InputType.convolutional(5, 5, 2),
            1,
            new ConvolutionLayer.Builder(3, 3)
                .nOut(4)
                .padding(1, 1)
                .activation(Activation.SIGMOID)
                .build());
    // trainer4j stores kernels [kh, kw, in, out]; DL4J's ConvolutionLayer [out, in, kh, kw].
    INDArray v = weightNorm.getLayer(0).getParam(WeightNorm.DIRECTION);
    conv.getLayer(0).setParam("W", v.permute(3, 2, 0, 1).dup());
    INDArray x = LayerChecks.data(3, 2, 2, 5, 5)[0];

    INDArray a = weightNorm.feedForwardToLayer(0, x, false).get(1);
    INDArray b = conv.feedForwardToLayer(0, x, false).get(1);

    assertThat(a.shape()).containsExactly(2, 4, 5, 5);
    assertThat(a.equalsWithEps(b, 1e-12)).isTrue();
  }

  @Test
  void sameModeKeepsTheSpatialSizeAtStrideOne() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.convolutional(5, 6, 2),
            1,
            WeightNorm.convolution(3, 3).nOut(2).convolutionMode(ConvolutionMode.Same).build());
    INDArray x = LayerChecks.data(3, 2, 2, 5, 6)[0];

    assertThat(net.feedForwardToLayer(0, x, false).get(1).shape()).containsExactly(2, 2, 5, 6);
  }

  @Test
  void outputDependsOnlyOnTheDirectionOfEachKernel() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.convolutional(4, 4, 2), 1, WeightNorm.convolution(2, 2).nOut(3).build());
    INDArray x = LayerChecks.data(3, 2, 2, 4, 4)[0];
    INDArray before = net.feedForwardToLayer(0, x, false).get(1).dup();

    net.getLayer(0).getParam(WeightNorm.DIRECTION).muli(0.25);

    assertThat(net.feedForwardToLayer(0, x, false).get(1).equalsWithEps(before, 1e-12)).isTrue();
  }

  @Test
  void configurationSurvivesJsonRoundTrip() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.convolutional(6, 6, 3),
            1,
            WeightNorm.convolution(3, 2)
                .nOut(5)
                .stride(2, 1)
                .padding(1, 0)
                .activation(Activation.RELU)
                .build());

    var back = LayerChecks.roundTrip(net.getLayerWiseConfigurations());

    WeightNormConvolution layer = (WeightNormConvolution) back.getConf(0).getLayer();
    assertThat(layer.getNIn()).isEqualTo(3);
    assertThat(layer.getNOut()).isEqualTo(5);
    assertThat(layer.getKernelSize()).containsExactly(3, 2);
    assertThat(layer.getStride()).containsExactly(2, 1);
    assertThat(layer.getPadding()).containsExactly(1, 0);
    assertThat(layer.getActivation()).isEqualTo(Activation.RELU);
  }

  @Test
  void refusesInputWithAnotherChannelCountThanNInNamingTheShapeAndStaysUsable() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.convolutional(5, 5, 2),
            1,
            WeightNorm.convolution(3, 3).nOut(4).name("wn").build());

    assertThatThrownBy(() -> net.output(Nd4j.randn(DataType.DOUBLE, 2, 3, 5, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "WeightNormConvolution 'wn' needs input of shape [n, 2, h, w], got [2, 3, 5, 5]");
    assertThat(net.output(Nd4j.randn(DataType.DOUBLE, 2, 2, 5, 5)).shape()).containsExactly(2, 3);
  }
}
