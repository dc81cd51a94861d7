package org.trainer4j.training.updaters;

import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.layers.SyncBatchNormalization;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.parallel.Communicator;

/**
 * The small double-precision job the distributed tests train, built the same way by every member
 * (threads in a test, or MPI processes started by {@link MpiJob}): dense(6, 8) - [BN] - softmax(3),
 * Adam, 64 examples, global batch 16, shuffled with a fixed seed.
 */
final class DistributedJob {

  static final int BATCH = 16;

  /** What one member builds: a model, its optimizer, and the iterator over the whole dataset. */
  record Parts(Model model, Optimizer optimizer, SerialIterator iterator) {

    DistributedUpdater updater(Communicator communicator, int checkEvery) {
      return DistributedUpdater.builder(iterator, optimizer, communicator)
          .checkEvery(checkEvery)
          .build();
    }

    StandardUpdater standard() {
      return new StandardUpdater(iterator, optimizer);
    }
  }

  /** {@code bn}: NONE, PLAIN (DL4J's) or SYNC (synchronized across members). */
  enum Norm {
    NONE,
    PLAIN,
    SYNC
  }

  private DistributedJob() {}

  static Parts create(Norm norm, long weightSeed) {
    Model model = Model.of(network(norm, weightSeed));
    Optimizer optimizer = new Adam(0.01);
    optimizer.setup(model);
    SerialIterator iterator = SerialIterator.builder(data()).batchSize(BATCH).seed(7).build();
    return new Parts(model, optimizer, iterator);
  }

  static MultiLayerNetwork network(Norm norm, long weightSeed) {
    var list =
        new NeuralNetConfiguration.Builder()
            .seed(weightSeed)
            .dataType(DataType.DOUBLE)
            .weightInit(WeightInit.XAVIER)
            .list()
            .layer(new DenseLayer.Builder().nIn(6).nOut(8).activation(Activation.TANH).build());
    if (norm != Norm.NONE) {
      list.layer(
          norm == Norm.SYNC
              ? new SyncBatchNormalization.Builder().nOut(8).build()
              : new BatchNormalization.Builder().nOut(8).build());
    }
    list.layer(
        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .nIn(8)
            .nOut(3)
            .activation(Activation.SOFTMAX)
            .build());
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    return net;
  }

  /** 64 examples from java.util.Random, so every thread and process builds the same bits. */
  static ArrayDataset data() {
    Random random = new Random(5);
    int n = 64;
    double[][] x = new double[n][6];
    int[] classes = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 6; j++) {
        x[i][j] = 2 * random.nextGaussian() + 0.5;
      }
      classes[i] = (x[i][0] + x[i][1] > 1 ? 1 : 0) + (i % 2);
    }
    return ArrayDataset.of(
        Nd4j.createFromArray(x), ArrayDataset.oneHot(classes, 3).castTo(DataType.DOUBLE));
  }
}
