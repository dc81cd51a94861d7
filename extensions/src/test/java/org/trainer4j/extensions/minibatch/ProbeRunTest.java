package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.datasets.ImageAugmentation;
import org.trainer4j.datasets.SyntheticDataset;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.MomentumSGD;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.ParallelUpdater;
import org.trainer4j.training.updaters.StandardUpdater;

/**
 * Probing runs over copies and leaves training as it would have been: tested on models with dropout
 * (which draws from ND4J's random generator) and on augmented data (whose draws count per example),
 * the two things a probe cannot avoid sharing with the live run.
 */
class ProbeRunTest {

  @TempDir Path out;

  /** A conv -> dense(dropout 0.5) -> softmax classifier of 3x8x8 images. */
  private static Model cnnWithDropout(double dropout) {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(11)
            .weightInit(WeightInit.XAVIER)
            .list()
            .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
            .layer(
                new DenseLayer.Builder()
                    .nOut(16)
                    .activation(Activation.RELU)
                    .dropOut(dropout)
                    .build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(4)
                    .activation(Activation.SOFTMAX)
                    .build())
            .setInputType(InputType.convolutional(8, 8, 3))
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return Model.of(net);
  }

  private static Dataset images(boolean augmented) {
    Dataset base = SyntheticDataset.classification(96, new long[] {3, 8, 8}, 4, 1.0, 2);
    return augmented ? ImageAugmentation.flipAndShift(2).apply(base, 5) : base;
  }

  /** Trains 3 iterations, tuned from 16 by three loops of the paper's rule (16, 17, 19), or not. */
  private float[] train(boolean tuned, int batchSize, double dropout, boolean augmented, Path dir) {
    Nd4j.getRandom().setSeed(123);
    Model model = cnnWithDropout(dropout);
    Optimizer optimizer = new MomentumSGD(0.01, 0.9);
    optimizer.setup(model);
    SerialIterator it =
        SerialIterator.builder(images(augmented)).batchSize(batchSize).seed(3).build();
    Trainer trainer =
        new Trainer(new StandardUpdater(it, optimizer), IntervalTrigger.iterations(3), dir);
    if (tuned) {
      trainer.extend(
          MinibatchSizeOptimizer.builder(
                  EpochTimeMinimize.builder().maxLoops(3).iterationsPerLoop(2).build())
              .writeFiles(false)
              .build());
    }
    trainer.run();
    return model.params().dup().data().asFloat();
  }

  @Test
  void withDropoutATunedRunTrainsBitForBitLikeAnUntunedRunAtTheChosenSize() {
    float[] tuned = train(true, 16, 0.5, false, out.resolve("tuned"));
    float[] plain = train(false, 19, 0.5, false, out.resolve("plain"));

    assertThat(tuned).containsExactly(plain);
  }

  @Test
  void withAugmentationATunedRunTrainsBitForBitLikeAnUntunedRunAtTheChosenSize() {
    float[] tuned = train(true, 16, 0.0, true, out.resolve("tuned"));
    float[] plain = train(false, 19, 0.0, true, out.resolve("plain"));

    assertThat(tuned).containsExactly(plain);
  }

  @Test
  void closingPutsBackTheRandomGeneratorAndLeavesTheLiveModelAlone() {
    Dataset data = images(true);
    Model model = cnnWithDropout(0.5);
    Optimizer optimizer = new MomentumSGD(0.01, 0.9);
    optimizer.setup(model);
    SerialIterator it = SerialIterator.builder(data).batchSize(8).seed(3).build();
    StandardUpdater updater = new StandardUpdater(it, optimizer);
    Nd4j.getRandom().setSeed(7);
    long root = Nd4j.getRandom().rootState();
    long node = Nd4j.getRandom().nodeState();
    float[] params = model.params().dup().data().asFloat();

    try (ProbeRun probe = ProbeRun.over(updater, com.google.common.base.Ticker.systemTicker())) {
      probe.run(24, 4); // past the end of the epoch, dropout masks drawn
      assertThat(probe.model()).isNotSameAs(model);
    }

    assertThat(Nd4j.getRandom().rootState()).isEqualTo(root);
    assertThat(Nd4j.getRandom().nodeState()).isEqualTo(node);
    assertThat(model.params().dup().data().asFloat()).containsExactly(params);
    assertThat(it.getState().position()).isZero();
  }

  @Test
  void aStepsTimeLeavesOutWhatTheThreadWaitedForACpu() {
    FakeTicker ticker = clockOf4MsPerRead();

    double[] plain;
    try (ProbeRun probe = ProbeRun.over(plainUpdater(8), ticker)) {
      plain = probe.run(8, 3);
    }
    double[] seconds;
    double waited;
    try (ProbeRun probe = ProbeRun.over(plainUpdater(8), ticker, waitingPerRead(0.001))) {
      seconds = probe.run(8, 3);
      waited = probe.waitedSeconds();
    }

    assertThat(plain).containsOnly(0.004);
    assertThat(seconds).containsOnly(0.003);
    assertThat(waited).isCloseTo(0.003, within(1e-12));
  }

  @Test
  void theOptimizersProbesLeaveOutTheWaitOfTheirSettings() {
    FakeTicker ticker = clockOf4MsPerRead();
    Trainer trainer = new Trainer(plainUpdater(16), IntervalTrigger.iterations(2), out);
    MinibatchSizeOptimizer ext =
        MinibatchSizeOptimizer.builder(
                EpochTimeMinimize.builder().maxLoops(3).iterationsPerLoop(2).build())
            .settings(
                SearchSettings.defaults()
                    .withMemoryGauge(MemoryGauge.unbounded())
                    .withTicker(ticker)
                    .withRunQueueWait(waitingPerRead(0.001)))
            .writeFiles(false)
            .build();
    trainer.extend(ext);

    trainer.run();

    assertThat(ext.result().steps())
        .isNotEmpty()
        .allSatisfy(
            s -> assertThat(s.perExampleSeconds() * s.batchSize()).isCloseTo(0.003, within(1e-9)));
  }

  /** A standard updater over the dropout-free classifier at {@code batchSize}. */
  private static StandardUpdater plainUpdater(int batchSize) {
    Model model = cnnWithDropout(0.0);
    Optimizer optimizer = new MomentumSGD(0.01, 0.9);
    optimizer.setup(model);
    return new StandardUpdater(
        SerialIterator.builder(images(false)).batchSize(batchSize).seed(3).build(), optimizer);
  }

  private static FakeTicker clockOf4MsPerRead() {
    FakeTicker ticker = new FakeTicker();
    ticker.creepPerRead(0.004);
    return ticker;
  }

  /** A run-queue wait that grows {@code seconds} at every reading. */
  private static RunQueueWait waitingPerRead(double seconds) {
    long[] nanos = {0};
    return () -> nanos[0] += Math.round(seconds * 1e9);
  }

  @Test
  void withTwoReplicasEverySizeTriedIsEvenAndTrainingGoesOnAtTheChosenSize() {
    Model model = cnnWithDropout(0.0);
    Optimizer optimizer = new MomentumSGD(0.01, 0.9);
    optimizer.setup(model);
    SerialIterator it = SerialIterator.builder(images(false)).batchSize(32).seed(3).build();
    try (ParallelUpdater updater =
        ParallelUpdater.builder(it, optimizer).replicas(2).threadsPerReplica(1).build()) {
      Trainer trainer = new Trainer(updater, IntervalTrigger.iterations(2), out);
      MinibatchSizeOptimizer ext =
          MinibatchSizeOptimizer.builder(
                  EpochTimeMinimize.builder().maxLoops(6).iterationsPerLoop(1).build())
              .writeFiles(false)
              .build();
      trainer.extend(ext);

      trainer.run();

      assertThat(ext.result().succeeded()).isTrue();
      assertThat(ext.result().steps()).extracting(SearchStep::batchSize).allMatch(b -> b % 2 == 0);
      assertThat(ext.chosenBatchSize() % 2).isZero();
      assertThat(updater.getIteration()).isEqualTo(2);
    }
  }
}
