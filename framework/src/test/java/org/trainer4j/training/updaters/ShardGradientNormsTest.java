package org.trainer4j.training.updaters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.parallel.ReplicaGroup;
import org.trainer4j.testing.ReplicaThreads;
import org.trainer4j.testing.TestModels;

/**
 * The data-parallel updaters report each step's gradient norms across shards: the shards' mean
 * gradients and the combined one, over the trained parameters, at the parameters before the update,
 * exactly what separate passes over the shards' rows give.
 */
class ShardGradientNormsTest {

  private static final int BATCH = 16;

  private final ArrayDataset data = TestModels.data(BATCH, 6, 3, 2);

  /**
   * The norms expected for the first batch ({@code data} in order) split into {@code shards}, from
   * separate passes over each shard's rows (the test model normalizes each shard by its own batch
   * statistics, as per-replica BN does, so the combined gradient is the shards' mean, not a pass
   * over the whole batch).
   */
  private static ShardGradientNorms expected(Model before, ArrayDataset data, int shards) {
    int shard = BATCH / shards;
    double sum = 0;
    INDArray combined = null;
    for (int r = 0; r < shards; r++) {
      Model copy = before.copy();
      copy.setTraining(true);
      copy.computeGradients(data.get(IntStream.range(r * shard, (r + 1) * shard).toArray()));
      INDArray g = Nd4j.toFlattened(copy.trainedGradients().values()).castTo(DataType.DOUBLE);
      sum += Math.pow(g.norm2Number().doubleValue() / shard, 2);
      combined = combined == null ? g : combined.add(g);
    }
    double mean = combined.norm2Number().doubleValue() / shards / shard;
    return new ShardGradientNorms(shard, shards, sum / shards, mean * mean);
  }

  private static void assertNormsMatch(ShardGradientNorms seen, ShardGradientNorms expected) {
    assertThat(seen.shardSize()).isEqualTo(expected.shardSize());
    assertThat(seen.shards()).isEqualTo(expected.shards());
    assertThat(seen.meanShardSquaredNorm())
        .isCloseTo(expected.meanShardSquaredNorm(), within(1e-5 * expected.meanShardSquaredNorm()));
    assertThat(seen.combinedSquaredNorm())
        .isCloseTo(expected.combinedSquaredNorm(), within(1e-5 * expected.combinedSquaredNorm()));
    // Shards of a quarter or half the batch are noisier than the whole: their norms are larger.
    assertThat(seen.meanShardSquaredNorm()).isGreaterThan(seen.combinedSquaredNorm());
  }

  @ParameterizedTest(name = "{0} replicas")
  @ValueSource(ints = {2, 4})
  void parallelReplicasReportTheNormsOfTheirShardsAndOfTheCombinedGradient(int replicas) {
    Model model = TestModels.mlp(6, 8, 3, 1);
    Optimizer optimizer = new Adam(0.01);
    optimizer.setup(model);
    List<ShardGradientNorms> seen = new ArrayList<>();
    ShardGradientListener listener = seen::add;
    SerialIterator ordered = SerialIterator.builder(data).batchSize(BATCH).shuffle(false).build();
    try (ParallelUpdater updater =
        ParallelUpdater.builder(ordered, optimizer).replicas(replicas).build()) {
      updater.update(); // before any listener: nothing reported
      ShardGradientNorms expected = expected(model, data, replicas);
      updater.addShardGradientListener(listener);
      updater.update();
      updater.removeShardGradientListener(listener);
      updater.update();

      assertThat(updater.shardCount()).isEqualTo(replicas);
      assertThat(seen).hasSize(1);
      assertNormsMatch(seen.get(0), expected);
    }
  }

  @Test
  void processesReportTheSameNormsInTheStepsOwnAllreduce() {
    ReplicaGroup group = new ReplicaGroup(2, Duration.ofMinutes(1));
    ShardGradientNorms expected = expected(TestModels.mlp(6, 8, 3, 1), data, 2);

    List<List<ShardGradientNorms>> seen =
        ReplicaThreads.run(
            group,
            rank -> {
              Model model = TestModels.mlp(6, 8, 3, 1);
              Optimizer optimizer = new Adam(0.01);
              optimizer.setup(model);
              SerialIterator ordered =
                  SerialIterator.builder(data).batchSize(BATCH).shuffle(false).build();
              DistributedUpdater updater =
                  DistributedUpdater.builder(ordered, optimizer, group.communicator(rank)).build();
              List<ShardGradientNorms> mine = new ArrayList<>();
              updater.addShardGradientListener(mine::add);
              updater.update();
              return mine;
            });

    for (List<ShardGradientNorms> member : seen) {
      assertThat(member).hasSize(1);
      assertNormsMatch(member.get(0), expected);
    }
  }
}
