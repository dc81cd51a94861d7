package org.trainer4j.samples.bench;

import com.google.common.base.Preconditions;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.SyntheticDataset;
import org.trainer4j.layers.SyncBatchNormalization;
import org.trainer4j.samples.cnn.FashionCnn;

/**
 * The models {@code bench distributed} times: a compute-bound MLP (784-1024-1024-10), the README's
 * Fashion-MNIST CNN with per-process batch normalization, and the same CNN with synchronized batch
 * normalization. Each comes with its global batch size and a synthetic dataset of matching shape.
 */
public enum DistributedWorkload {
  MLP(512, new long[] {784}),
  CNN(64, new long[] {1, 28, 28}),
  CNN_SYNCBN(64, new long[] {1, 28, 28});

  private final int batch;
  private final long[] exampleShape;

  DistributedWorkload(int batch, long[] exampleShape) {
    this.batch = batch;
    this.exampleShape = exampleShape;
  }

  /** The global batch size: every variant (1 process, 2 processes, 2 replicas) trains on it. */
  public int batch() {
    return batch;
  }

  public ArrayDataset data() {
    return SyntheticDataset.classification(4 * batch, exampleShape, 10, 1.0, 1);
  }

  /** The network, initialized from a fixed seed. */
  public MultiLayerNetwork network() {
    return switch (this) {
      case MLP -> mlp();
      case CNN -> FashionCnn.build(1, 0);
      case CNN_SYNCBN -> synchronizedCopy(FashionCnn.build(1, 0));
    };
  }

  private static MultiLayerNetwork mlp() {
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(1)
            .weightInit(WeightInit.RELU)
            .list()
            .layer(new DenseLayer.Builder().nIn(784).nOut(1024).activation(Activation.RELU).build())
            .layer(
                new DenseLayer.Builder().nIn(1024).nOut(1024).activation(Activation.RELU).build())
            .layer(
                new OutputLayer.Builder(LossFunction.MCXENT)
                    .nIn(1024)
                    .nOut(10)
                    .activation(Activation.SOFTMAX)
                    .build())
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  /** {@code net} with every batch normalization replaced by its synchronized version. */
  static MultiLayerNetwork synchronizedCopy(MultiLayerNetwork net) {
    MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
    int replaced = 0;
    for (NeuralNetConfiguration layer : conf.getConfs()) {
      if (layer.getLayer() instanceof BatchNormalization bn) {
        layer.setLayer(SyncBatchNormalization.of(bn));
        replaced++;
      }
    }
    Preconditions.checkArgument(replaced > 0, "the network has no batch normalization");
    MultiLayerNetwork sync = new MultiLayerNetwork(conf);
    sync.init();
    sync.setParams(net.params());
    return sync;
  }
}
