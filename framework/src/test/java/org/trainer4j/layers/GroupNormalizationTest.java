package org.trainer4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class GroupNormalizationTest {

  @Test
  void gradientsMatchFiniteDifferencesOnDenseInput() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.feedForward(5),
            1,
            new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build(),
            new GroupNormalization.Builder(3).build());
    randomizeAffine(net, 1);
    INDArray[] d = LayerChecks.data(2, 4, 5);

    LayerChecks.assertGradientsMatch(net, d[0], d[1]);
  }

  @Test
  void gradientsMatchFiniteDifferencesOnConvolutionalInput() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.convolutional(4, 4, 2),
            3,
            new ConvolutionLayer.Builder(2, 2).nOut(4).activation(Activation.TANH).build(),
            new GroupNormalization.Builder(2).build());
    randomizeAffine(net, 1);
    INDArray[] d = LayerChecks.data(4, 3, 2, 4, 4);

    LayerChecks.assertGradientsMatch(net, d[0], d[1]);
  }

  @Test
  void normalizesEachGroupOfEachExampleToZeroMeanAndUnitVariance() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.convolutional(3, 3, 4), 5, new GroupNormalization.Builder(2).build());
    INDArray x = LayerChecks.data(6, 2, 4, 3, 3)[0];

    INDArray out = net.feedForwardToLayer(0, x, true).get(1);

    for (int example = 0; example < 2; example++) {
      for (int group = 0; group < 2; group++) {
        INDArray g =
            out.get(
                NDArrayIndex.point(example),
                NDArrayIndex.interval(2 * group, 2 * group + 2),
                NDArrayIndex.all(),
                NDArrayIndex.all());
        assertThat(g.meanNumber().doubleValue()).isCloseTo(0.0, within(1e-9));
        assertThat(g.var(false).getDouble(0)).isCloseTo(1.0, within(1e-3));
      }
    }
  }

  @Test
  void anExamplesOutputDoesNotDependOnTheRestOfTheBatch() {
    MultiLayerNetwork net =
        LayerChecks.network(InputType.feedForward(6), 7, new GroupNormalization.Builder(2).build());
    randomizeAffine(net, 0);
    INDArray x = LayerChecks.data(8, 5, 6)[0];

    INDArray whole = net.feedForwardToLayer(0, x, true).get(1);
    INDArray alone =
        net.feedForwardToLayer(0, x.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all()), true)
            .get(1);

    assertThat(
            alone.equalsWithEps(whole.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all()), 1e-12))
        .isTrue();
  }

  @Test
  void withoutAffineHasNoParameters() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.feedForward(4), 1, new GroupNormalization.Builder(2).affine(false).build());

    assertThat(net.getLayer(0).numParams()).isZero();
  }

  @Test
  void imagesOfAnotherSizeThanTheFirstAreNormalizedPerExample() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.convolutional(4, 4, 4),
            5,
            new GroupNormalization.Builder(2).build(),
            new GlobalPoolingLayer.Builder(PoolingType.MAX).build());
    MultiLayerNetwork fresh = net.clone();
    INDArray small = LayerChecks.data(7, 8, 4, 2, 2)[0];

    net.output(LayerChecks.data(6, 8, 4, 4, 4)[0]);
    INDArray out = net.output(small);

    assertThat(out.shape()).containsExactly(8, 3);
    assertThat(out.equalsWithEps(fresh.output(small), 1e-12)).isTrue();
  }

  @Test
  void configurationSurvivesJsonRoundTrip() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.convolutional(4, 4, 6),
            1,
            new GroupNormalization.Builder(3).eps(1e-3).affine(false).build());

    var back = LayerChecks.roundTrip(net.getLayerWiseConfigurations());

    GroupNormalization layer = (GroupNormalization) back.getConf(0).getLayer();
    assertThat(layer.getGroups()).isEqualTo(3);
    assertThat(layer.getEps()).isEqualTo(1e-3);
    assertThat(layer.isAffine()).isFalse();
    assertThat(layer.getNIn()).isEqualTo(6);
  }

  @Test
  void rejectsChannelsThatTheGroupsDoNotDivide() {
    assertThatThrownBy(
            () ->
                LayerChecks.network(
                    InputType.feedForward(6), 1, new GroupNormalization.Builder(4).build()))
        .hasMessageContaining("6 channels cannot be split into 4 groups");
  }

  @Test
  void refusesInputWithOtherChannelsThanConfiguredAfterAValidFirstInputToo() {
    // The graph, and its own check, are defined from the first input alone.
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.convolutional(4, 4, 6),
            1,
            new GroupNormalization.Builder(3).name("gn").build());
    net.output(LayerChecks.data(1, 2, 6, 4, 4)[0]);

    assertThatThrownBy(() -> net.output(LayerChecks.data(2, 2, 9, 4, 4)[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "GroupNormalization 'gn' was configured for 6 channels but its input has shape"
                + " [2, 9, 4, 4]");
    assertThat(net.output(LayerChecks.data(3, 2, 6, 4, 4)[0]).shape()).containsExactly(2, 3);
  }

  /** Moves gamma and beta off 1 and 0 so that the checks exercise them. */
  static void randomizeAffine(MultiLayerNetwork net, int layer) {
    Map<String, INDArray> table = net.getLayer(layer).paramTable();
    INDArray gamma = table.get(ChannelNormalization.GAMMA);
    INDArray beta = table.get(ChannelNormalization.BETA);
    Nd4j.getRandom().setSeed(11);
    gamma.assign(Nd4j.rand(gamma.dataType(), gamma.shape()).addi(0.5));
    beta.assign(Nd4j.randn(beta.dataType(), beta.shape()).muli(0.3));
  }
}
