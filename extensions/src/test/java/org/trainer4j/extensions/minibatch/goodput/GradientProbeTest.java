package org.trainer4j.extensions.minibatch.goodput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.Batch;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.testing.TestModels;

class GradientProbeTest {

  private static final ArrayDataset DATA = TestModels.data(512, 8, 3, 11);

  private static Batch batch(int[] indices) {
    return DATA.get(indices);
  }

  private static int[] range(int from, int to) {
    return IntStream.range(from, to).toArray();
  }

  @Test
  void theMeanGradientDoesNotDependOnHowOftenEachExampleAppears() {
    // Two copies of four examples have the same mean loss, and the same batch statistics, as one.
    Model model = TestModels.mlp(8, 16, 3, 1);

    double[] once = GradientProbe.meanGradient(model, batch(new int[] {0, 1, 2, 3}));
    double[] twice = GradientProbe.meanGradient(model, batch(new int[] {0, 1, 2, 3, 0, 1, 2, 3}));

    assertThat(twice).hasSameSizeAs(once);
    for (int i = 0; i < once.length; i++) {
      assertThat(twice[i]).isCloseTo(once[i], within(1e-6));
    }
  }

  @Test
  void countsTheTrainedParametersButNotBatchNormalizationsRunningStatistics() {
    Model model = TestModels.mlp(8, 16, 3, 1);

    double[] g = GradientProbe.meanGradient(model, batch(range(0, 32)));

    // dense 8x16 + 16, BN gamma and beta 2 x 16, output 16x3 + 3; not BN's mean and variance.
    assertThat(g).hasSize(8 * 16 + 16 + 2 * 16 + 16 * 3 + 3);
    assertThat(model.numParams()).isEqualTo(g.length + 2 * 16);
  }

  @Test
  void findsTheGradientsOfAComputationGraphByLayerName() {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(3)
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.feedForward(8))
            .addLayer(
                "dense_1",
                new DenseLayer.Builder().nOut(16).activation(Activation.RELU).build(),
                "in")
            .addLayer("bn", new BatchNormalization.Builder().build(), "dense_1")
            .addLayer(
                "out",
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(3)
                    .activation(Activation.SOFTMAX)
                    .build(),
                "bn")
            .setOutputs("out")
            .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    Model model = Model.of(graph);

    double[] g = GradientProbe.meanGradient(model, batch(range(0, 32)));

    assertThat(g).hasSize(8 * 16 + 16 + 2 * 16 + 16 * 3 + 3);
    assertThat(SquaredNorm.of(g)).isPositive();
    assertThat(GradientProbe.shards(model, batch(range(0, 128)), 4).trace()).isPositive();
  }

  @Test
  void leavesParametersOptimizerStateAndCountersAsTheyWere() {
    Model model = TestModels.mlp(8, 16, 3, 1);
    new Adam(0.01).setup(model);
    model.fit(batch(range(0, 32)));
    float[] params = model.params().toFloatVector();
    float[] state = model.updaterState().toFloatVector();

    GradientProbe.shards(model, batch(range(0, 128)), 4);
    GradientProbe.twoBatches(model, batch(range(0, 128)), 16);

    assertThat(model.params().toFloatVector()).containsExactly(params);
    assertThat(model.updaterState().toFloatVector()).containsExactly(state);
    assertThat(model.iterationCount()).isEqualTo(1);
  }

  @Test
  void theNoiseScaleIsFinitePositiveAndGrowsAsTrainingApproachesAMinimum() {
    // Measured on this problem: about 8, 31 and 105 at 0, 1 and 2 epochs (standard errors 0.2,
    // 1.2 and 4.5), then unbounded as the whole-data gradient vanishes.
    Model model = TestModels.mlp(8, 16, 3, 1);
    new Adam(0.01).setup(model);
    List<Double> noiseScales = new ArrayList<>();

    for (int epoch = 0; epoch < 3; epoch++) {
      noiseScales.add(measure(model, SHARDS).current().noiseScale());
      for (int start = 0; start < 512; start += 64) {
        model.fit(batch(range(start, start + 64)));
      }
    }

    assertThat(noiseScales).allSatisfy(b -> assertThat(b).isFinite().isPositive());
    assertThat(noiseScales.get(1)).isGreaterThan(2 * noiseScales.get(0));
    assertThat(noiseScales.get(2)).isGreaterThan(2 * noiseScales.get(1));
  }

  @Test
  void twoBatchSizesAndShardsAgreeOnTheNoiseScale() {
    Model model = TestModels.mlp(8, 16, 3, 1);

    double shards = measure(model, SHARDS).current().noiseScale();
    double twoBatches = measure(model, TWO_BATCHES).current().noiseScale();

    assertThat(twoBatches).isBetween(shards / 1.5, shards * 1.5);
  }

  @Test
  void ghostShardsMeasureTheSignalOfABatchNormalizedNetworkMorePreciselyThanTwoBatchSizes() {
    // Near a minimum |G|^2 is small against tr(Sigma). The two-batch estimate reads it from one
    // quarter of the batch, normalized over that quarter, against the whole batch normalized over
    // the whole: its spread was about twice the ghost shards' here (and on the full-data MLP).
    Model model = TestModels.mlp(8, 16, 3, 1);
    new Adam(0.01).setup(model);
    for (int epoch = 0; epoch < 3; epoch++) {
      for (int start = 0; start < 512; start += 64) {
        model.fit(batch(range(start, start + 64)));
      }
    }
    Random random = new Random(3);
    double[] shards = new double[40];
    double[] twoBatches = new double[40];
    for (int i = 0; i < shards.length; i++) {
      Batch b = batch(random.ints(128, 0, 512).toArray());
      shards[i] = GradientProbe.shards(model, b, 4).gradientSquared();
      twoBatches[i] = GradientProbe.twoBatches(model, b, 32).gradientSquared();
    }

    assertThat(standardDeviation(shards)).isLessThan(0.75 * standardDeviation(twoBatches));
  }

  @Test
  void aSingleModelsSourceEstimatesAcrossFourGhostShardsOfTheNoiseBatch() {
    Model model = TestModels.mlp(8, 16, 3, 1);
    Batch noiseBatch = batch(range(0, 128));
    List<Integer> requested = new ArrayList<>();
    ModelNoiseSource source =
        new ModelNoiseSource(
            model,
            size -> {
              requested.add(size);
              return batch(range(0, size));
            });

    GradientNoise estimate = source.estimate(130, 1);

    // 130 is no multiple of 4: the source asks for the 128 examples four shards can hold.
    assertThat(requested).containsExactly(128);
    GradientNoise expected = GradientProbe.shards(model, noiseBatch, 4);
    assertThat(estimate.gradientSquared()).isCloseTo(expected.gradientSquared(), within(1e-9));
    assertThat(estimate.trace()).isCloseTo(expected.trace(), within(1e-9));
  }

  private static double standardDeviation(double[] values) {
    double mean = Arrays.stream(values).average().orElseThrow();
    return Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length);
  }

  private interface Estimator {
    GradientNoise estimate(Model model, Batch batch);
  }

  private static final Estimator SHARDS = (model, batch) -> GradientProbe.shards(model, batch, 8);
  private static final Estimator TWO_BATCHES =
      (model, batch) -> GradientProbe.twoBatches(model, batch, 64);

  /** Smoothed estimates from 16 reshuffles of the 512 examples. */
  private static SmoothedGradientNoise measure(Model model, Estimator estimator) {
    SmoothedGradientNoise smoothed = SmoothedGradientNoise.start(0.9);
    Random random = new Random(5);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 512; i++) {
      order.add(i);
    }
    for (int repeat = 0; repeat < 16; repeat++) {
      Collections.shuffle(order, random);
      Batch batch = batch(order.stream().mapToInt(Integer::intValue).toArray());
      smoothed = smoothed.add(estimator.estimate(model, batch));
    }
    return smoothed;
  }

  @Test
  void refusesShardsThatDoNotDivideTheBatchAndASmallBatchAsLargeAsTheBatch() {
    Model model = TestModels.mlp(8, 16, 3, 1);

    assertThatThrownBy(() -> GradientProbe.shards(model, batch(range(0, 30)), 4))
        .hasMessageContaining("divide the batch size 30");
    assertThatThrownBy(() -> GradientProbe.twoBatches(model, batch(range(0, 30)), 30))
        .hasMessageContaining("smallBatchSize");
  }
}
