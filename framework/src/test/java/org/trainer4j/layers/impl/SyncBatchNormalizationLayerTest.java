package org.trainer4j.layers.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.layers.SyncBatchNormalization;
import org.trainer4j.parallel.ReplicaGroup;
import org.trainer4j.testing.ReplicaThreads;

class SyncBatchNormalizationLayerTest {

  private static final int BATCH = 8;
  private static final int BN = 1;

  /** What one replica saw: its shard's BN output and its raw (summed) gradient. */
  private record Replica(INDArray output, INDArray gradient) {}

  @ParameterizedTest(name = "{0} replicas, convolutional={1}")
  @CsvSource({"2, false", "4, false", "2, true", "4, true"})
  void replicasOnShardsMatchPlainBatchNormOnTheWholeBatch(int replicas, boolean conv) {
    MultiLayerNetwork reference = network(false, conv, DataType.DOUBLE);
    INDArray[] data = data(conv);
    List<MultiLayerNetwork> nets = new ArrayList<>();
    for (int r = 0; r < replicas; r++) {
      MultiLayerNetwork net = network(true, conv, DataType.DOUBLE);
      net.setParams(reference.params());
      nets.add(net);
    }
    ReplicaGroup group = new ReplicaGroup(replicas, Duration.ofMinutes(1));
    bind(nets, group);
    int shard = BATCH / replicas;

    List<Replica> seen =
        ReplicaThreads.run(
            group,
            rank -> {
              MultiLayerNetwork net = nets.get(rank);
              INDArray x = rows(data[0], rank, shard);
              INDArray out = net.feedForwardToLayer(BN, x, true).get(BN + 1).dup();
              net.setInput(x);
              net.setLabels(rows(data[1], rank, shard));
              net.computeGradientAndScore();
              return new Replica(out, net.getFlattenedGradients().dup());
            });
    INDArray expectedOut = reference.feedForwardToLayer(BN, data[0], true).get(BN + 1);
    reference.setInput(data[0]);
    reference.setLabels(data[1]);
    reference.computeGradientAndScore();
    INDArray expectedGradient = reference.getFlattenedGradients();

    INDArray average = Nd4j.zeros(DataType.DOUBLE, expectedGradient.shape());
    for (int rank = 0; rank < replicas; rank++) {
      Replica r = seen.get(rank);
      assertThat(maxDiff(r.output(), rows(expectedOut, rank, shard))).isLessThan(1e-6);
      average.addi(r.gradient().div(shard * replicas));
    }
    Map<String, long[]> ranges = ranges(reference);
    for (var e : ranges.entrySet()) {
      INDArray expected = slice(expectedGradient, e.getValue());
      if (e.getKey().equals(BN + "_mean") || e.getKey().equals(BN + "_log10stdev")) {
        // running-statistics deltas: identical on every replica and equal to the whole batch's
        for (Replica r : seen) {
          assertThat(maxDiff(slice(r.gradient(), e.getValue()), expected))
              .as(e.getKey())
              .isLessThan(1e-6);
        }
      } else {
        assertThat(maxDiff(slice(average, e.getValue()), expected.div(BATCH)))
            .as(e.getKey())
            .isLessThan(1e-6);
      }
    }
  }

  @Test
  void gradientsMatchFiniteDifferencesInAGroupOfOne() {
    MultiLayerNetwork net = network(true, true, DataType.DOUBLE);
    ReplicaGroup group = new ReplicaGroup(1, Duration.ofMinutes(1));
    bind(List.of(net), group);
    INDArray[] data = data(true);

    boolean ok =
        ReplicaThreads.run(
                group,
                rank -> {
                  DataType dtype = Nd4j.dataType();
                  Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
                  try {
                    return GradientCheckUtil.checkGradients(
                        new GradientCheckUtil.MLNConfig()
                            .net(net)
                            .input(data[0])
                            .labels(data[1])
                            .epsilon(1e-6)
                            .maxRelError(1e-4)
                            .minAbsoluteError(1e-9)
                            .subset(true)
                            .maxPerParam(8)
                            .excludeParams(Set.of(BN + "_mean", BN + "_log10stdev")));
                  } finally {
                    Nd4j.setDefaultDataTypes(dtype, dtype);
                  }
                })
            .get(0);

    assertThat(ok).isTrue();
  }

  @Test
  void outsideAReplicaGroupTrainsExactlyLikeBatchNormalization() {
    MultiLayerNetwork plain = network(false, true, DataType.FLOAT);
    MultiLayerNetwork sync = network(true, true, DataType.FLOAT);
    sync.setParams(plain.params());
    INDArray[] data = data(true);
    DataSet batch = new DataSet(data[0].castTo(DataType.FLOAT), data[1].castTo(DataType.FLOAT));

    for (int step = 0; step < 3; step++) {
      plain.fit(batch);
      sync.fit(batch);
    }

    assertThat(sync.params().toFloatVector()).containsExactly(plain.params().toFloatVector());
  }

  @Test
  void inferenceUsesRunningStatisticsAndNeverWaitsForOtherReplicas() {
    MultiLayerNetwork net = network(true, false, DataType.DOUBLE);
    var layer = net.getLayer(BN);
    layer.getParam("mean").assign(Nd4j.linspace(DataType.DOUBLE, -1, 1, 8));
    layer.getParam("log10stdev").assign(0.25);
    layer.getParam("gamma").assign(2.0);
    layer.getParam("beta").assign(0.5);
    // A group of two in which only this thread ever arrives: a collective would time out.
    ReplicaGroup group = new ReplicaGroup(2, Duration.ofMinutes(1));
    bind(List.of(net), group);
    INDArray x = data(false)[0];

    INDArray out = net.feedForwardToLayer(BN, x, false).get(BN + 1);

    INDArray pre = net.feedForwardToLayer(0, x, false).get(1);
    double std = Math.sqrt(Math.pow(10, 0.5) + 1e-5);
    INDArray expected = pre.subRowVector(layer.getParam("mean")).divi(std).muli(2.0).addi(0.5);
    assertThat(maxDiff(out, expected)).isLessThan(1e-9);
    assertThat(group.abortCause()).isNull();
  }

  @Test
  void runningStatisticsFollowTheWholeBatchAcrossSteps() {
    MultiLayerNetwork reference = network(false, true, DataType.DOUBLE);
    List<MultiLayerNetwork> nets =
        List.of(network(true, true, DataType.DOUBLE), network(true, true, DataType.DOUBLE));
    nets.forEach(n -> n.setParams(reference.params()));
    ReplicaGroup group = new ReplicaGroup(2, Duration.ofMinutes(1));
    bind(nets, group);
    INDArray[] data = data(true);

    for (int step = 0; step < 3; step++) {
      ReplicaThreads.run(
          group,
          rank -> {
            MultiLayerNetwork net = nets.get(rank);
            net.setInput(rows(data[0], rank, BATCH / 2));
            net.setLabels(rows(data[1], rank, BATCH / 2));
            net.computeGradientAndScore();
            // running statistics are "gradients" that the updater subtracts without scaling
            net.params().subi(runningStatisticsOnly(net, net.getFlattenedGradients()));
            return rank;
          });
      reference.setInput(data[0]);
      reference.setLabels(data[1]);
      reference.computeGradientAndScore();
      reference.params().subi(runningStatisticsOnly(reference, reference.getFlattenedGradients()));
    }

    for (String key : List.of(BN + "_mean", BN + "_log10stdev")) {
      INDArray expected = reference.getParam(key);
      assertThat(expected.sumNumber().doubleValue()).isNotCloseTo(0.0, within(1e-3));
      for (MultiLayerNetwork net : nets) {
        assertThat(maxDiff(net.getParam(key), expected)).as(key).isLessThan(1e-9);
      }
    }
    assertThat(nets.get(0).params().toDoubleVector())
        .containsExactly(nets.get(1).params().toDoubleVector());
  }

  @Test
  void aTrainingPassRefusesInputWhoseChannelsAreNotNOutAsBatchNormalizationDoes() {
    MultiLayerNetwork net = network(true, false, DataType.DOUBLE);
    ReplicaGroup group = new ReplicaGroup(1, Duration.ofMinutes(1));
    bind(List.of(net), group);
    INDArray fiveChannels = Nd4j.randn(DataType.DOUBLE, 4, 5);

    assertThatThrownBy(
            () ->
                ReplicaThreads.run(
                    group,
                    rank ->
                        net.getLayer(BN)
                            .activate(fiveChannels, true, LayerWorkspaceMgr.noWorkspaces())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 8 channels (nOut) but its input has 5 on axis 1: shape [4, 5]");
  }

  static MultiLayerNetwork network(boolean sync, boolean conv, DataType type) {
    BatchNormalization.Builder bn =
        sync ? new SyncBatchNormalization.Builder() : new BatchNormalization.Builder();
    var list =
        new NeuralNetConfiguration.Builder()
            .seed(42)
            .dataType(type)
            .updater(type == DataType.DOUBLE ? new NoOp() : new Sgd(0.1))
            .weightInit(WeightInit.XAVIER)
            .list()
            .layer(
                conv
                    ? new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.TANH).build()
                    : new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build())
            .layer(bn.build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(3)
                    .activation(Activation.SOFTMAX)
                    .build())
            .setInputType(conv ? InputType.convolutional(5, 5, 2) : InputType.feedForward(6));
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    return net;
  }

  static INDArray[] data(boolean conv) {
    Nd4j.getRandom().setSeed(7);
    INDArray x =
        conv
            ? Nd4j.randn(DataType.DOUBLE, BATCH, 2, 5, 5).muli(2).addi(0.5)
            : Nd4j.randn(DataType.DOUBLE, BATCH, 6).muli(2).addi(0.5);
    INDArray y = Nd4j.zeros(DataType.DOUBLE, BATCH, 3);
    for (int i = 0; i < BATCH; i++) {
      y.putScalar(i, (i * 7) % 3, 1.0);
    }
    return new INDArray[] {x, y};
  }

  static void bind(List<MultiLayerNetwork> nets, ReplicaGroup group) {
    for (int rank = 0; rank < nets.size(); rank++) {
      ((SyncBatchNormalizationLayer) nets.get(rank).getLayer(BN))
          .setCommunicator(group.communicator(rank));
    }
  }

  static INDArray rows(INDArray a, int rank, int shard) {
    INDArrayIndex[] index = new INDArrayIndex[a.rank()];
    index[0] = NDArrayIndex.interval((long) rank * shard, (long) (rank + 1) * shard);
    for (int i = 1; i < index.length; i++) {
      index[i] = NDArrayIndex.all();
    }
    return a.get(index).dup();
  }

  private static INDArray runningStatisticsOnly(MultiLayerNetwork net, INDArray gradient) {
    INDArray masked = Nd4j.zeros(gradient.dataType(), gradient.length());
    INDArray flat = gradient.reshape(gradient.length());
    for (var e : ranges(net).entrySet()) {
      if (e.getKey().endsWith("_mean") || e.getKey().endsWith("_log10stdev")) {
        INDArrayIndex range = NDArrayIndex.interval(e.getValue()[0], e.getValue()[1]);
        masked.get(range).assign(flat.get(range));
      }
    }
    return masked.reshape(net.params().shape());
  }

  private static Map<String, long[]> ranges(MultiLayerNetwork net) {
    Map<String, long[]> ranges = new java.util.LinkedHashMap<>();
    long offset = 0;
    for (var e : net.paramTable().entrySet()) {
      ranges.put(e.getKey(), new long[] {offset, offset + e.getValue().length()});
      offset += e.getValue().length();
    }
    return ranges;
  }

  private static INDArray slice(INDArray flat, long[] range) {
    return flat.reshape(flat.length()).get(NDArrayIndex.interval(range[0], range[1]));
  }

  private static double maxDiff(INDArray a, INDArray b) {
    return a.reshape(a.length()).sub(b.reshape(b.length())).amaxNumber().doubleValue();
  }
}
