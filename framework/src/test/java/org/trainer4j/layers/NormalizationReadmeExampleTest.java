package org.trainer4j.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.SyntheticDataset;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.MomentumSGD;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.ParallelUpdater;

/** Runs docs/parallel.md's examples, on tiny images. */
class NormalizationReadmeExampleTest {

  @TempDir Path result;

  @Test
  void syncBatchNormUnderParallelUpdaterExampleTrains() {
    ArrayDataset train = SyntheticDataset.classification(64, new long[] {3, 8, 8}, 10, 1.0, 1);
    // README begins
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(1)
            .list()
            .layer(
                new ConvolutionLayer.Builder(3, 3)
                    .nOut(16)
                    .padding(1, 1)
                    .activation(Activation.IDENTITY)
                    .build())
            .layer(new SyncBatchNormalization.Builder().build()) // statistics over all replicas
            .layer(new ActivationLayer(Activation.RELU)) // DL4J's BN ignores .activation(...)
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(10)
                    .activation(Activation.SOFTMAX)
                    .build())
            .setInputType(InputType.convolutional(8, 8, 3))
            .build();
    Model model = Model.of(new MultiLayerNetwork(conf));
    MomentumSGD optimizer = new MomentumSGD(0.05, 0.9);
    optimizer.setup(model);
    ParallelUpdater updater =
        ParallelUpdater.builder(SerialIterator.of(train, 4), optimizer) // 2 replicas x 2 examples
            .replicas(2)
            .timeout(Duration.ofMinutes(1))
            .build();
    new Trainer(updater, IntervalTrigger.epochs(1), result).run();
    // README ends

    assertThat(updater.getIteration()).isEqualTo(16);
  }

  @Test
  void batchIndependentExampleBuildsAndTrains() {
    ArrayDataset train = SyntheticDataset.classification(32, new long[] {3, 8, 8}, 10, 1.0, 1);
    // README begins
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(1)
            .list()
            .layer(WeightNorm.convolution(3, 3).nOut(32).padding(1, 1).build())
            .layer(new GroupNormalization.Builder(4).affine(false).build()) // 4 groups of 8
            .layer(new ProxyNorm.Builder().activation(Activation.RELU).build()) // affine+ReLU+proxy
            .layer(new LayerNormalization.Builder().build())
            .layer(WeightNorm.dense().nOut(64).activation(Activation.RELU).build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(10)
                    .activation(Activation.SOFTMAX)
                    .build())
            .setInputType(InputType.convolutional(8, 8, 3))
            .build();
    // README ends
    Model model = Model.of(new MultiLayerNetwork(conf));
    MomentumSGD optimizer = new MomentumSGD(0.05, 0.9);
    optimizer.setup(model);

    var step = model.fit(train.get(new int[] {0, 1}));

    assertThat(step.loss()).isFinite();
    assertThat(MultiLayerConfiguration.fromJson(conf.toJson())).isEqualTo(conf);
  }
}
