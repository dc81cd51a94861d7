package org.trainer4j.model;

import java.util.concurrent.locks.LockSupport;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.datasets.Batch;

/**
 * A child JVM's main: trains a BatchNorm MLP through {@link Model} for the given seconds at batch
 * sizes 16-80, then prints {@code trained steps=N fenced=true|false}. Run with a tiny young
 * generation, collections happen during nearly every native operation.
 */
public final class BatchNormUnderCollections {

  private BatchNormUnderCollections() {}

  public static void main(String[] args) {
    long seconds = Long.parseLong(args[0]);
    MultiLayerNetwork network =
        new MultiLayerNetwork(
            new NeuralNetConfiguration.Builder()
                .seed(1)
                .updater(new Adam(1e-3))
                .list()
                .layer(new DenseLayer.Builder().nIn(64).nOut(128).build())
                .layer(new BatchNormalization.Builder().nOut(128).build())
                .layer(new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().nOut(64).build())
                .layer(
                    new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(10)
                        .activation(Activation.SOFTMAX)
                        .build())
                .build());
    Model model = Model.of(network);
    // Another thread's allocations start collections while this one is inside native code.
    Thread churn =
        new Thread(
            () -> {
              while (true) {
                byte[][] garbage = new byte[16][];
                for (int i = 0; i < garbage.length; i++) {
                  garbage[i] = new byte[4096];
                }
                LockSupport.parkNanos(200_000);
              }
            });
    churn.setDaemon(true);
    churn.start();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long steps = 0;
    while (System.nanoTime() < end) {
      int size = 16 + (int) (steps % 5) * 16;
      INDArray labels = Nd4j.zeros(size, 10);
      labels.getColumn(steps % 10).assign(1);
      model.fit(new Batch(Nd4j.rand(size, 64), labels));
      steps++;
    }
    System.out.println("trained steps=" + steps + " fenced=" + OperandFence.installed());
  }
}
