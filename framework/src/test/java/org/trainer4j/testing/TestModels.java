package org.trainer4j.testing;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.SyntheticDataset;
import org.trainer4j.model.Model;

/** Small deterministic models and data shared by the tests of every module. */
public final class TestModels {

  private TestModels() {}

  /** A {@code in-hidden-BN-out} MLP classifier with a fixed seed. */
  public static Model mlp(int in, int hidden, int out, long seed) {
    return Model.of(mlpNetwork(in, hidden, out, seed, DataType.FLOAT));
  }

  public static MultiLayerNetwork mlpNetwork(
      int in, int hidden, int out, long seed, DataType type) {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(type)
            .weightInit(WeightInit.XAVIER)
            .list()
            .layer(
                new DenseLayer.Builder().nIn(in).nOut(hidden).activation(Activation.RELU).build())
            .layer(new BatchNormalization.Builder().nOut(hidden).build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nIn(hidden)
                    .nOut(out)
                    .activation(Activation.SOFTMAX)
                    .build())
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  /**
   * A {@code in-hidden-out} MLP classifier whose hidden layer counts its forward passes in {@code
   * counter}.
   */
  public static Model countingMlp(int in, int hidden, int out, CountingActivation counter) {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(5)
            .weightInit(WeightInit.XAVIER)
            .list()
            .layer(new DenseLayer.Builder().nIn(in).nOut(hidden).activation(counter).build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nIn(hidden)
                    .nOut(out)
                    .activation(Activation.SOFTMAX)
                    .build())
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return Model.of(net);
  }

  /** A tiny conv-BN-pool-dense classifier for {@code channels x size x size} images. */
  public static Model cnn(int channels, int size, int classes, long seed) {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .weightInit(WeightInit.RELU)
            .list()
            .layer(
                new ConvolutionLayer.Builder(3, 3)
                    .nOut(4)
                    .padding(1, 1)
                    .activation(Activation.IDENTITY)
                    .build())
            .layer(new BatchNormalization.Builder().activation(Activation.RELU).build())
            .layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(classes)
                    .activation(Activation.SOFTMAX)
                    .build())
            .setInputType(InputType.convolutional(size, size, channels))
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return Model.of(net);
  }

  /** Learnable synthetic classification data of {@code size} examples of width {@code width}. */
  public static ArrayDataset data(int size, int width, int classes, long seed) {
    return SyntheticDataset.classification(size, new long[] {width}, classes, 1.0, seed);
  }
}
