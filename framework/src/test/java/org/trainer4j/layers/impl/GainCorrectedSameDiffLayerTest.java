package org.trainer4j.layers.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.layers.ChannelNormalization;
import org.trainer4j.layers.LayerNormalization;

class GainCorrectedSameDiffLayerTest {

  @Test
  void shiftGradientIsExactlyTheSumOfTheIncomingErrors() {
    // For y = gamma * x_hat + beta, dL/dbeta = sum over the batch of dL/dy: no room for a gain.
    var conf =
        new NeuralNetConfiguration.Builder()
            .dataType(DataType.DOUBLE)
            .list()
            .layer(new LayerNormalization.Builder().build())
            .layer(new OutputLayer.Builder().nOut(2).build())
            .setInputType(InputType.feedForward(3))
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    net.initGradientsView();
    Layer layer = net.getLayer(0);
    Nd4j.getRandom().setSeed(3);
    INDArray x = Nd4j.randn(DataType.DOUBLE, 4, 3);
    INDArray epsilon = Nd4j.randn(DataType.DOUBLE, 4, 3);

    layer.setInput(x, LayerWorkspaceMgr.noWorkspaces());
    layer.activate(true, LayerWorkspaceMgr.noWorkspaces());
    var gradient = layer.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces()).getFirst();

    assertThat(layer).isInstanceOf(GainCorrectedSameDiffLayer.class);
    INDArray dBeta = gradient.getGradientFor(ChannelNormalization.BETA);
    assertThat(dBeta.reshape(3).equalsWithEps(epsilon.sum(0), 1e-12)).isTrue();
  }
}
