package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Ticker;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.MomentumSGD;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.testing.TestModels;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.ParallelUpdater;

/**
 * With {@link ParallelUpdater} the search times the parallel step (replica threads on shards, the
 * gradient average), not one copy's {@code fit} on the whole batch; and it still leaves training
 * exactly as it would have been. Per-replica batch normalization makes the two steps differ, and
 * dropout makes the replicas' generators matter.
 */
class ParallelProbeRunTest {

  @TempDir Path out;

  /** dense(dropout) - BN - softmax over 8 features, 3 classes. */
  private static Model model(double dropout) {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(5)
            .weightInit(WeightInit.XAVIER)
            .list()
            .layer(
                new DenseLayer.Builder()
                    .nIn(8)
                    .nOut(12)
                    .activation(Activation.RELU)
                    .dropOut(dropout)
                    .build())
            .layer(new BatchNormalization.Builder().nOut(12).build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nIn(12)
                    .nOut(3)
                    .activation(Activation.SOFTMAX)
                    .build())
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return Model.of(net);
  }

  private static SerialIterator iterator(int batchSize) {
    return SerialIterator.builder(TestModels.data(128, 8, 3, 4))
        .batchSize(batchSize)
        .seed(3)
        .build();
  }

  private static double maxDifference(INDArray a, INDArray b) {
    return a.sub(b).amaxNumber().doubleValue();
  }

  @Test
  void aProbeStepOverAParallelUpdaterIsItsReplicaStepNotOneCopysFit() {
    Model live = model(0.0);
    Model alone = live.copy();
    Optimizer optimizer = new MomentumSGD(0.05, 0.9);
    optimizer.setup(live);
    SerialIterator it = iterator(16);
    try (ParallelUpdater updater =
        ParallelUpdater.builder(it, optimizer).replicas(2).threadsPerReplica(1).build()) {
      try (ProbeRun probe = ProbeRun.over(updater, Ticker.systemTicker())) {
        probe.run(16, 1);
        alone.fit(iterator(16).next());
        updater.update(); // the same first batch, the same step, on the live model

        assertThat(maxDifference(probe.model().params(), live.params())).isZero();
        assertThat(maxDifference(alone.params(), live.params())).isGreaterThan(1e-5);
      }
    }
  }

  private float[] train(boolean tuned, int batchSize, Path dir, int[] chosen) {
    Nd4j.getRandom().setSeed(123);
    Model m = model(0.5);
    Optimizer optimizer = new MomentumSGD(0.05, 0.9);
    optimizer.setup(m);
    try (ParallelUpdater updater =
        ParallelUpdater.builder(iterator(batchSize), optimizer)
            .replicas(2)
            .threadsPerReplica(1)
            .build()) {
      Trainer trainer = new Trainer(updater, IntervalTrigger.iterations(3), dir);
      MinibatchSizeOptimizer search =
          MinibatchSizeOptimizer.builder(
                  EpochTimeMinimize.builder().maxLoops(3).iterationsPerLoop(2).build())
              .writeFiles(false)
              .build();
      if (tuned) {
        trainer.extend(search);
      }
      trainer.run();
      chosen[0] = tuned ? search.chosenBatchSize() : batchSize;
    }
    return m.params().dup().data().asFloat();
  }

  @Test
  void aTunedParallelRunTrainsBitForBitLikeAnUntunedRunAtTheChosenSize() {
    int[] chosen = new int[1];
    float[] tuned = train(true, 16, out.resolve("tuned"), chosen);
    float[] plain = train(false, chosen[0], out.resolve("plain"), new int[1]);

    assertThat(chosen[0] % 2).isZero();
    assertThat(tuned).containsExactly(plain);
  }
}
