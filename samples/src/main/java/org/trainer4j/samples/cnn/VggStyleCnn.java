package org.trainer4j.samples.cnn;

import com.google.common.base.Preconditions;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * A VGG-style CNN as in seed 000 (VGG16 with a normalization after every convolution), scaled for a
 * CPU: stages of 3x3 convolutions, each followed by the chosen normalization and a ReLU, with 2x2
 * max pooling between stages, then a softmax classifier.
 *
 * @param channels channels of each stage, e.g. {@code {16, 32, 64}}
 * @param convsPerStage 3x3 convolutions per stage (VGG16 has 2-3)
 */
public record VggStyleCnn(int[] channels, int convsPerStage, int groups) {

  public VggStyleCnn {
    Preconditions.checkArgument(channels.length > 0, "at least one stage");
    Preconditions.checkArgument(convsPerStage > 0, "convsPerStage must be positive");
    for (int c : channels) {
      Preconditions.checkArgument(
          c % groups == 0, "groups %s must divide every stage's channels %s", groups, c);
    }
    channels = channels.clone();
  }

  /** Builds the network for {@code depth x size x size} images and {@code classes} classes. */
  public MultiLayerNetwork build(Normalization norm, int depth, int size, int classes, long seed) {
    Preconditions.checkArgument(
        size >> channels.length >= 1,
        "%s stages of 2x2 pooling need images of at least %s pixels a side, got %s",
        channels.length,
        1 << channels.length,
        size);
    var list = new NeuralNetConfiguration.Builder().seed(seed).weightInit(WeightInit.RELU).list();
    for (int stage = 0; stage < channels.length; stage++) {
      for (int i = 0; i < convsPerStage; i++) {
        list.layer(
            new ConvolutionLayer.Builder(3, 3)
                .nOut(channels[stage])
                .padding(1, 1)
                // BatchNorm-style layers carry their own shift.
                .hasBias(norm == Normalization.NONE)
                .activation(Activation.IDENTITY)
                .build());
        norm.appendWithRelu(list, groups);
      }
      list.layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build());
    }
    list.layer(
            new OutputLayer.Builder(LossFunction.MCXENT)
                .nOut(classes)
                .activation(Activation.SOFTMAX)
                .build())
        .setInputType(InputType.convolutional(size, size, depth));
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    return net;
  }
}
