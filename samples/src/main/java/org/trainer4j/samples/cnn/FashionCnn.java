package org.trainer4j.samples.cnn;

import com.google.common.base.Preconditions;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The main job's network, "2 Conv+pooling+BN" from Fashion-MNIST's benchmark table: two 3x3
 * convolutions (32 and 64 channels, zero-padded so 28x28 pools down to 7x7), each followed by
 * BatchNorm, ReLU and 2x2 max pooling, then a 256-unit dense layer and a softmax over the 10
 * classes.
 *
 * <p>Padded 3x3 kernels cost about what unpadded 5x5 ones did on a CPU, but hand the dense layer a
 * 7x7 map instead of 4x4; the 5x5 version underfitted Fashion-MNIST (docs/results.md).
 */
public final class FashionCnn {

  private FashionCnn() {}

  /**
   * Builds the network for {@code 1 x 28 x 28} images.
   *
   * @param dropout fraction of the dense layer's inputs (the pooled convolution features) dropped
   *     in each training step, in [0, 1)
   */
  public static MultiLayerNetwork build(long seed, double dropout) {
    Preconditions.checkArgument(
        dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got %s", dropout);
    var dense = new DenseLayer.Builder().nOut(256).activation(Activation.RELU);
    if (dropout > 0) {
      // DL4J's argument is the probability of keeping a unit.
      dense.dropOut(1 - dropout);
    }
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .weightInit(WeightInit.RELU)
            .convolutionMode(ConvolutionMode.Same)
            .list()
            .layer(
                new ConvolutionLayer.Builder(3, 3)
                    .nOut(32)
                    .hasBias(false)
                    .activation(Activation.IDENTITY)
                    .build())
            .layer(new BatchNormalization.Builder().build())
            // DL4J's BatchNormalization ignores .activation(...): the ReLU is a layer of its own.
            .layer(new ActivationLayer(Activation.RELU))
            .layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build())
            .layer(
                new ConvolutionLayer.Builder(3, 3)
                    .nOut(64)
                    .hasBias(false)
                    .activation(Activation.IDENTITY)
                    .build())
            .layer(new BatchNormalization.Builder().build())
            // DL4J's BatchNormalization ignores .activation(...): the ReLU is a layer of its own.
            .layer(new ActivationLayer(Activation.RELU))
            .layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build())
            .layer(dense.build())
            .layer(
                new OutputLayer.Builder(LossFunction.MCXENT)
                    .nOut(10)
                    .activation(Activation.SOFTMAX)
                    .build())
            .setInputType(InputType.convolutional(28, 28, 1))
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }
}
