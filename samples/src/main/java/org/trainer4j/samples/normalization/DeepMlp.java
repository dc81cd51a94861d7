package org.trainer4j.samples.normalization;

import com.google.common.base.Preconditions;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The fully connected networks of the BatchNorm seeds: {@code layers} weight layers (hidden layers
 * plus the softmax output). Each hidden layer is a linear map, optionally BatchNorm, then an
 * explicit activation layer, so the input of each nonlinearity can be observed.
 */
public final class DeepMlp {

  private DeepMlp() {}

  /**
   * Builds the network.
   *
   * @param layers weight layers including the output (the seed's "3 layers" is
   *     Input-ReLU-ReLU-softmax)
   * @param initStd standard deviation of the Gaussian weight initialization; 0 selects Xavier
   */
  public static MultiLayerNetwork build(
      int inputs,
      int hidden,
      int layers,
      boolean batchNorm,
      Activation activation,
      double initStd,
      int classes,
      long seed) {
    Preconditions.checkArgument(layers >= 2, "layers must be at least 2: %s", layers);
    Preconditions.checkArgument(hidden > 0, "hidden must be positive: %s", hidden);
    var builder = new NeuralNetConfiguration.Builder().seed(seed);
    if (initStd > 0) {
      builder.weightInit(new NormalDistribution(0, initStd));
    } else {
      builder.weightInit(WeightInit.XAVIER);
    }
    var list = builder.list();
    int nIn = inputs;
    for (int i = 0; i < layers - 1; i++) {
      // With BatchNorm the bias is redundant: BN's beta plays its role.
      list.layer(
          new DenseLayer.Builder()
              .nIn(nIn)
              .nOut(hidden)
              .hasBias(!batchNorm)
              .activation(Activation.IDENTITY)
              .build());
      if (batchNorm) {
        list.layer(new BatchNormalization.Builder().nOut(hidden).build());
      }
      list.layer(new ActivationLayer.Builder().activation(activation).build());
      nIn = hidden;
    }
    list.layer(
        new OutputLayer.Builder(LossFunction.MCXENT)
            .nIn(nIn)
            .nOut(classes)
            .activation(Activation.SOFTMAX)
            .build());
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    return net;
  }

  /** Index of the activation layer of hidden layer {@code hiddenIndex} (0-based). */
  public static int activationLayerIndex(int hiddenIndex, boolean batchNorm) {
    return hiddenIndex * (batchNorm ? 3 : 2) + (batchNorm ? 2 : 1);
  }
}
