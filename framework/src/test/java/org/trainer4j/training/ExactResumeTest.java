package org.trainer4j.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
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
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.datasets.ImageAugmentation;
import org.trainer4j.datasets.SyntheticDataset;
import org.trainer4j.iterators.BatchIterator;
import org.trainer4j.iterators.PrefetchIterator;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.serialization.StateArchive;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.ParallelUpdater;
import org.trainer4j.training.updaters.StandardUpdater;

/**
 * A run stopped after some iterations, saved to a snapshot file and continued by a new trainer (new
 * model, new iterator, as a new process would build them) ends with exactly the parameters of the
 * run that was never stopped: dropout masks, augmentation and shuffling included.
 */
class ExactResumeTest {

  private static final int TOTAL = 10;
  private static final int STOP_AT = 4; // mid-epoch: 48 examples, batches of 8

  @TempDir Path out;

  /** How the updater of a run is built from its optimizer and data. */
  private interface UpdaterFactory {
    Updater create(Adam optimizer, Dataset data);
  }

  /** Conv, dense with dropout 0.5, softmax: every step draws a dropout mask. */
  private static Model cnnWithDropout(long seed) {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .weightInit(WeightInit.RELU)
            .list()
            .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.RELU).build())
            .layer(
                new DenseLayer.Builder().nOut(16).activation(Activation.RELU).dropOut(0.5).build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(3)
                    .activation(Activation.SOFTMAX)
                    .build())
            .setInputType(InputType.convolutional(6, 6, 1))
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return Model.of(net);
  }

  private static Dataset images(boolean augmented) {
    Dataset data = SyntheticDataset.classification(48, new long[] {1, 6, 6}, 3, 1.0, 5);
    return augmented ? ImageAugmentation.flipAndShift(1).apply(data, 9) : data;
  }

  private Trainer trainer(UpdaterFactory factory, boolean augmented, long iterations) {
    Model model = cnnWithDropout(3);
    Adam optimizer = new Adam(0.01);
    optimizer.setup(model);
    Updater updater = factory.create(optimizer, images(augmented));
    return new Trainer(updater, IntervalTrigger.iterations(iterations), out);
  }

  /** Parameters after TOTAL iterations without a stop, and after a stop at STOP_AT and resume. */
  private INDArray[] uninterruptedAndResumed(UpdaterFactory factory, boolean augmented)
      throws IOException {
    Trainer uninterrupted = trainer(factory, augmented, TOTAL);
    uninterrupted.run();

    Trainer stopped = trainer(factory, augmented, STOP_AT);
    stopped.run();
    Path snapshot = out.resolve("snapshot_iter_" + STOP_AT);
    StateArchive.write(stopped.saveState(), snapshot);
    Trainer resumed = trainer(factory, augmented, TOTAL);
    resumed.resume(snapshot);
    resumed.run();

    return new INDArray[] {params(uninterrupted), params(resumed)};
  }

  private static INDArray params(Trainer trainer) {
    return trainer.getUpdater().getOptimizer().getModel().params();
  }

  private static UpdaterFactory serial() {
    return (optimizer, data) ->
        new StandardUpdater(SerialIterator.builder(data).batchSize(8).seed(2).build(), optimizer);
  }

  private static UpdaterFactory prefetching() {
    Function<Dataset, BatchIterator> iterator =
        data -> PrefetchIterator.builder(data).batchSize(8).seed(2).workers(3).prefetch(6).build();
    return (optimizer, data) -> new StandardUpdater(iterator.apply(data), optimizer);
  }

  private static UpdaterFactory parallel() {
    return (optimizer, data) ->
        ParallelUpdater.builder(
                SerialIterator.builder(data).batchSize(8).seed(2).build(), optimizer)
            .replicas(2)
            .threadsPerReplica(1)
            .build();
  }

  @Test
  void aResumedRunWithDropoutEndsWithTheParametersOfTheUninterruptedRun() throws IOException {
    INDArray[] p = uninterruptedAndResumed(serial(), false);

    assertThat(p[1]).isEqualTo(p[0]);
  }

  @Test
  void aResumedRunWithAugmentationAndPrefetchingEndsWithTheUninterruptedParameters()
      throws IOException {
    INDArray[] p = uninterruptedAndResumed(prefetching(), true);

    assertThat(p[1]).isEqualTo(p[0]);
  }

  @Test
  void aResumedParallelRunWithDropoutEndsWithTheUninterruptedParameters() throws IOException {
    INDArray[] p = uninterruptedAndResumed(parallel(), false);

    assertThat(p[1]).isEqualTo(p[0]);
  }

  @Test
  void twoParallelRunsFromTheSameSeedDrawTheSameDropoutMasks() {
    Trainer first = trainer(parallel(), false, STOP_AT);
    first.run();
    Trainer second = trainer(parallel(), false, STOP_AT);
    second.run();

    assertThat(params(second)).isEqualTo(params(first));
  }

  @Test
  void theSnapshotHoldsTheGeneratorStateOfTheTrainingThread() throws IOException {
    Trainer stopped = trainer(serial(), false, STOP_AT);
    stopped.run();
    RandomState atStop = RandomState.ofCurrentThread();
    Path snapshot = out.resolve("snapshot");
    StateArchive.write(stopped.saveState(), snapshot);
    trainer(serial(), false, TOTAL); // building a model reseeds this thread's generator

    trainer(serial(), false, TOTAL).resume(snapshot);

    assertThat(RandomState.ofCurrentThread()).isEqualTo(atStop);
  }
}
