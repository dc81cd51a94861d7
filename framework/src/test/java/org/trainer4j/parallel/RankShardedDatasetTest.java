package org.trainer4j.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.Batch;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.datasets.ForwardingDataset;
import org.trainer4j.testing.TestModels;

class RankShardedDatasetTest {

  private final ArrayDataset data = TestModels.data(10, 4, 3, 1);
  private final int[] batch = {9, 8, 7, 6, 5, 4, 3, 2};

  @Test
  void aRankAssemblesOnlyItsRowsOfEachBatchButKeepsTheWholeSize() {
    ReplicaGroup group = new ReplicaGroup(2, Duration.ofSeconds(1));
    Dataset rank1 = RankShardedDataset.of(data, group.communicator(1));

    assertThat(rank1.size()).isEqualTo(10);
    assertThat(rank1.get(batch).features()).isEqualTo(data.get(new int[] {5, 4, 3, 2}).features());
  }

  @Test
  void unevenBatchesGiveTheFirstRanksTheSmallerShares() {
    ReplicaGroup group = new ReplicaGroup(3, Duration.ofSeconds(1));

    assertThat(RankShardedDataset.of(data, group.communicator(0)).get(batch).size()).isEqualTo(2);
    assertThat(RankShardedDataset.of(data, group.communicator(1)).get(batch).size()).isEqualTo(3);
    assertThat(RankShardedDataset.of(data, group.communicator(2)).get(batch).size()).isEqualTo(3);
  }

  @Test
  void theEpochsOfTheRanksRowsReachTheDatasetForPerExampleAugmentation() {
    List<int[]> seen = new ArrayList<>();
    Dataset recording =
        new ForwardingDataset(data) {
          @Override
          public Batch get(int[] indices, int[] epochs) {
            seen.add(epochs);
            return super.get(indices, epochs);
          }
        };
    ReplicaGroup group = new ReplicaGroup(2, Duration.ofSeconds(1));

    RankShardedDataset.of(recording, group.communicator(0))
        .get(batch, new int[] {3, 3, 3, 4, 4, 4, 4, 4});

    assertThat(seen).containsExactly(new int[] {3, 3, 3, 4});
  }

  @Test
  void aSingleProcessReadsTheDatasetItself() {
    assertThat(RankShardedDataset.of(data, Communicators.single())).isSameAs(data);
  }
}
