package org.trainer4j.training.updaters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.layers.SyncBatchNormalization;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.optimizers.MomentumSGD;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;
import org.trainer4j.testing.TestModels;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;

class ParallelUpdaterTest {

  @TempDir Path out;

  @Test
  void stepsMatchStandardUpdaterOnTheWholeBatchWithoutBatchNorm() {
    assertParallelMatchesStandard(2, false);
    assertParallelMatchesStandard(4, false);
  }

  @Test
  void stepsWithSyncBatchNormMatchPlainBatchNormOnTheWholeBatch() {
    assertParallelMatchesStandard(2, true);
    assertParallelMatchesStandard(4, true);
  }

  @Test
  void replicasAreBitIdenticalAfterEveryStep() {
    Model model = TestModels.mlp(6, 8, 3, 1);
    Optimizer optimizer = new Adam(0.01);
    optimizer.setup(model);
    ArrayDataset data = TestModels.data(64, 6, 3, 2);
    try (ParallelUpdater updater =
        ParallelUpdater.builder(SerialIterator.of(data, 16), optimizer).replicas(2).build()) {
      for (int step = 0; step < 3; step++) {
        updater.update();

        List<Model> replicas = updater.replicas();
        assertThat(replicas.get(0)).isSameAs(model);
        assertThat(replicas.get(1).params().toFloatVector())
            .containsExactly(model.params().toFloatVector());
      }
      assertThat(updater.resynchronizations()).isZero();
    }
  }

  @Test
  void rejectsABatchThatTheReplicasCannotShareEvenly() {
    Model model = TestModels.mlp(6, 8, 3, 1);
    Optimizer optimizer = new Adam(0.01);
    optimizer.setup(model);
    ArrayDataset data = TestModels.data(60, 6, 3, 2);
    try (ParallelUpdater updater =
        ParallelUpdater.builder(SerialIterator.of(data, 10), optimizer).replicas(4).build()) {

      assertThatThrownBy(updater::update)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("batch of 10 examples cannot be split evenly across 4 replicas");
    }
  }

  @Test
  void aReplicaThatThrowsFailsTheStepWithItsExceptionAndLeavesMainIntact() {
    Model model = Model.of(network(true, DataType.FLOAT, 3));
    Optimizer optimizer = new MomentumSGD(0.1, 0.9);
    optimizer.setup(model);
    ArrayDataset data = images(32, DataType.FLOAT);
    // A timeout far beyond the test: the step must end because replica 1 aborts the group.
    try (ParallelUpdater updater =
        ParallelUpdater.builder(SerialIterator.of(data, 8), optimizer)
            .replicas(2)
            .timeout(Duration.ofMinutes(10))
            .build()) {
      updater.update();
      float[] before = model.params().toFloatVector();
      float[] stateBefore = model.updaterState().toFloatVector();
      FaultInjector fault = new FaultInjector();
      updater.replicas().get(1).unwrap(MultiLayerNetwork.class).addListeners(fault);

      assertThatThrownBy(updater::update)
          .isInstanceOf(ReplicaFailureException.class)
          .hasCause(fault.thrown)
          .satisfies(e -> assertThat(((ReplicaFailureException) e).rank()).isEqualTo(1));

      assertThat(model.params().toFloatVector()).containsExactly(before);
      assertThat(model.updaterState().toFloatVector()).containsExactly(stateBefore);
      fault.armed = false;
      updater.update();
      assertThat(updater.getIteration()).isEqualTo(2);
    }
  }

  @Test
  void trainsUnderTheTrainerAndReportsLikeStandardUpdater() {
    Model model = TestModels.mlp(20, 32, 4, 7);
    MomentumSGD optimizer = new MomentumSGD(0.05, 0.9);
    optimizer.setup(model);
    ParallelUpdater updater =
        ParallelUpdater.builder(SerialIterator.of(TestModels.data(512, 20, 4, 1), 32), optimizer)
            .replicas(2)
            .build();
    List<Double> losses = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    Trainer trainer = new Trainer(updater, IntervalTrigger.epochs(3), out);
    trainer.extend(
        Extensions.of(
            "record",
            t -> {
              losses.add(t.getObservation().get("main/loss"));
              keys.addAll(t.getObservation().keySet());
            }));

    trainer.run();

    assertThat(updater.getIteration()).isEqualTo(48);
    assertThat(keys).contains("main/loss", "main/accuracy", "main/data_wait");
    double first = losses.subList(0, 5).stream().mapToDouble(d -> d).average().orElseThrow();
    double last = losses.subList(43, 48).stream().mapToDouble(d -> d).average().orElseThrow();
    assertThat(last).isLessThan(first / 3);
  }

  @Test
  void serializesTheEntriesOfStandardUpdaterPlusEachReplicasGenerator() {
    Model model = TestModels.mlp(6, 8, 3, 1);
    Optimizer optimizer = new Adam(0.01);
    optimizer.setup(model);
    StateTree parallelState = new StateTree();
    StateTree standardState = new StateTree();
    try (ParallelUpdater parallel =
        ParallelUpdater.builder(SerialIterator.of(TestModels.data(32, 6, 3, 2), 8), optimizer)
            .build()) {
      parallel.update();
      parallel.serialize(new StateWriter(parallelState));
    }
    new StandardUpdater(SerialIterator.of(TestModels.data(32, 6, 3, 2), 8), optimizer)
        .serialize(new StateWriter(standardState));

    assertThat(parallelState.entries().keySet())
        .containsAll(standardState.entries().keySet())
        .hasSize(standardState.entries().size() + 2)
        .contains("random:replica0", "random:replica1");
    assertThat(parallelState.get("iteration")).isEqualTo(1L);
  }

  @Test
  void replicasFollowMainWhenItsParametersChangeBetweenSteps() {
    Model model = TestModels.mlp(6, 8, 3, 1);
    Optimizer optimizer = new Adam(0.01);
    optimizer.setup(model);
    try (ParallelUpdater updater =
        ParallelUpdater.builder(SerialIterator.of(TestModels.data(32, 6, 3, 2), 8), optimizer)
            .replicas(2)
            .build()) {
      updater.update();
      model.params().addi(0.5f); // e.g. a snapshot loaded into main

      updater.update();

      assertThat(updater.resynchronizations()).isEqualTo(1);
      assertThat(updater.replicas().get(1).params().toFloatVector())
          .containsExactly(model.params().toFloatVector());
    }
  }

  @Test
  void followsTheOptimizerToAnotherModel() {
    Model model = TestModels.mlp(6, 8, 3, 1);
    Optimizer optimizer = new Adam(0.01);
    optimizer.setup(model);
    try (ParallelUpdater updater =
        ParallelUpdater.builder(SerialIterator.of(TestModels.data(32, 6, 3, 2), 8), optimizer)
            .replicas(2)
            .build()) {
      updater.update();
      Model probe = model.copy();
      float[] untouched = model.params().toFloatVector();

      optimizer.setup(probe);
      updater.update();

      assertThat(updater.replicas().get(0)).isSameAs(probe);
      assertThat(model.params().toFloatVector()).containsExactly(untouched);
    }
  }

  @Test
  void trainsComputationGraphsLikeStandardUpdater() {
    ArrayDataset data = TestModels.data(32, 6, 3, 2);
    Model single = Model.of(graph());
    Model parallel = Model.of(graph());
    Optimizer a = new Adam(0.01);
    a.setup(single);
    Optimizer b = new Adam(0.01);
    b.setup(parallel);
    StandardUpdater standard = new StandardUpdater(SerialIterator.of(data, 8), a);
    try (ParallelUpdater updater =
        ParallelUpdater.builder(SerialIterator.of(data, 8), b).replicas(2).build()) {
      for (int step = 0; step < 2; step++) {
        standard.update();
        updater.update();
      }
    }

    assertThat(single.params().sub(parallel.params()).amaxNumber().doubleValue()).isLessThan(1e-5);
  }

  @Test
  void closeRestoresNd4jThreadSettings() {
    int before = Nd4j.getEnvironment().maxMasterThreads();
    Model model = TestModels.mlp(6, 8, 3, 1);
    Optimizer optimizer = new Adam(0.01);
    optimizer.setup(model);
    ParallelUpdater updater =
        ParallelUpdater.builder(SerialIterator.of(TestModels.data(32, 6, 3, 2), 8), optimizer)
            .replicas(2)
            .threadsPerReplica(1)
            .build();
    assertThat(Nd4j.getEnvironment().maxMasterThreads()).isEqualTo(1);

    updater.close();

    assertThat(Nd4j.getEnvironment().maxMasterThreads()).isEqualTo(before);
  }

  /** N replicas for 3 steps vs one model on the whole batches, in double precision, Adam. */
  private static void assertParallelMatchesStandard(int replicas, boolean batchNorm) {
    ArrayDataset data = images(48, DataType.DOUBLE);
    Model single = Model.of(network(false, DataType.DOUBLE, batchNorm ? 1 : 0));
    Model parallel = Model.of(network(batchNorm, DataType.DOUBLE, batchNorm ? 1 : 0));
    parallel.params().assign(single.params());
    Optimizer a = new Adam(0.01);
    a.setup(single);
    Optimizer b = new Adam(0.01);
    b.setup(parallel);
    StandardUpdater standard = new StandardUpdater(SerialIterator.of(data, 16), a);
    try (ParallelUpdater updater =
        ParallelUpdater.builder(SerialIterator.of(data, 16), b).replicas(replicas).build()) {
      for (int step = 0; step < 3; step++) {
        standard.update();
        updater.update();
      }
    }

    INDArray difference = single.params().sub(parallel.params());
    assertThat(difference.amaxNumber().doubleValue()).isLessThan(1e-9);
    assertThat(parallel.iterationCount()).isEqualTo(single.iterationCount());
  }

  /**
   * conv(3x3, 4) - [BN] - dense output for 2x6x6 images; {@code bn}: 0 none, 1 plain (or sync when
   * {@code sync}), 3 sync.
   */
  private static MultiLayerNetwork network(boolean sync, DataType type, int bn) {
    var list =
        new NeuralNetConfiguration.Builder()
            .seed(3)
            .dataType(type)
            .weightInit(WeightInit.XAVIER)
            .list()
            .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.TANH).build());
    if (bn > 0) {
      list.layer(
          sync
              ? new SyncBatchNormalization.Builder().build()
              : new BatchNormalization.Builder().build());
    }
    list.layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build())
        .layer(
            new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(3)
                .activation(Activation.SOFTMAX)
                .build())
        .setInputType(InputType.convolutional(6, 6, 2));
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    return net;
  }

  private static ComputationGraph graph() {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(9)
            .weightInit(WeightInit.XAVIER)
            .graphBuilder()
            .addInputs("in")
            .addLayer("hidden", new DenseLayer.Builder().nIn(6).nOut(5).build(), "in")
            .addLayer(
                "out",
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nIn(5)
                    .nOut(3)
                    .activation(Activation.SOFTMAX)
                    .build(),
                "hidden")
            .setOutputs("out")
            .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    return graph;
  }

  private static ArrayDataset images(int n, DataType type) {
    Nd4j.getRandom().setSeed(5);
    INDArray x = Nd4j.randn(type, n, 2, 6, 6);
    int[] classes = new int[n];
    for (int i = 0; i < n; i++) {
      classes[i] = (i * 5) % 3;
    }
    return ArrayDataset.of(x, ArrayDataset.oneHot(classes, 3).castTo(type));
  }

  /** Throws from replica 1's forward pass while armed. */
  private static final class FaultInjector extends BaseTrainingListener {
    final IllegalStateException thrown = new IllegalStateException("injected fault");
    volatile boolean armed = true;

    @Override
    public void onForwardPass(org.deeplearning4j.nn.api.Model model, List<INDArray> activations) {
      if (armed) {
        throw thrown;
      }
    }
  }
}
