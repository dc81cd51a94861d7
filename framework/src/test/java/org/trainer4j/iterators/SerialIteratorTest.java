package org.trainer4j.iterators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.Batch;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.datasets.ForwardingDataset;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;

class SerialIteratorTest {

  /** Ten examples whose single feature is their own index, so batches reveal the order. */
  private static ArrayDataset indexed(int n) {
    float[] values = new float[n];
    int[] classes = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] = i;
      classes[i] = i % 2;
    }
    return ArrayDataset.of(Nd4j.create(values, new long[] {n, 1}), ArrayDataset.oneHot(classes, 2));
  }

  private static int[] ids(Batch batch) {
    return batch.features().toIntVector();
  }

  /** A user's dataset that holds no examples; ArrayDataset itself refuses to be empty. */
  private static Dataset emptyDataset(String name) {
    return new ForwardingDataset(indexed(1)) {
      @Override
      public int size() {
        return 0;
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /** The state of a fresh iterator over 10 examples saved under iterator:main, order replaced. */
  private static StateTree savedWithOrder(int[] order) {
    StateTree tree = new StateTree();
    SerialIterator.of(indexed(10), 2).serialize(new StateWriter(tree).child("iterator:main"));
    tree.child("iterator:main").put("order", order);
    return tree;
  }

  @Test
  void servesExamplesInOrderWithoutShuffle() {
    SerialIterator it = SerialIterator.builder(indexed(10)).batchSize(4).shuffle(false).build();

    assertThat(ids(it.next())).containsExactly(0, 1, 2, 3);
    assertThat(ids(it.next())).containsExactly(4, 5, 6, 7);
    assertThat(it.isNewEpoch()).isFalse();
    assertThat(ids(it.next())).containsExactly(8, 9, 0, 1);
    assertThat(it.isNewEpoch()).isTrue();
    assertThat(it.getEpoch()).isEqualTo(1);
    assertThat(it.getEpochDetail()).isEqualTo(1.2);
    assertThat(it.getPreviousEpochDetail()).isEqualTo(0.8);
  }

  @Test
  void previousEpochDetailIsNullBeforeTheFirstBatch() {
    SerialIterator it = SerialIterator.of(indexed(10), 3);

    assertThat(it.getPreviousEpochDetail()).isNull();
    assertThat(it.getEpochDetail()).isZero();
  }

  @Test
  void batchSizeChangeTakesEffectAtTheNextBatchAndKeepsEpochAccountingExact() {
    SerialIterator it = SerialIterator.builder(indexed(10)).batchSize(4).shuffle(false).build();
    it.next();

    it.setBatchSize(3);

    assertThat(ids(it.next())).containsExactly(4, 5, 6);
    assertThat(it.getEpochDetail()).isEqualTo(0.7);
    it.setBatchSize(5);
    assertThat(ids(it.next())).containsExactly(7, 8, 9, 0, 1);
    assertThat(it.getEpoch()).isEqualTo(1);
    assertThat(it.getEpochDetail()).isEqualTo(1.2);
  }

  @Test
  void everyExampleIsServedExactlyOncePerEpochWhenShuffling() {
    SerialIterator it = SerialIterator.builder(indexed(10)).batchSize(5).seed(3).build();

    List<Integer> epoch0 = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Arrays.stream(ids(it.next())).forEach(epoch0::add);
    }

    assertThat(epoch0).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(epoch0).isNotEqualTo(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
  }

  @Test
  void sameSeedGivesSameBatchesAndEpochsGetDifferentOrders() {
    SerialIterator a = SerialIterator.builder(indexed(10)).batchSize(10).seed(5).build();
    SerialIterator b = SerialIterator.builder(indexed(10)).batchSize(10).seed(5).build();

    int[] first = ids(a.next());
    assertThat(ids(b.next())).containsExactly(first);
    assertThat(ids(a.next())).isNotEqualTo(first);
  }

  @Test
  void batchLargerThanTheDatasetSpansSeveralEpochs() {
    SerialIterator it = SerialIterator.builder(indexed(3)).batchSize(7).shuffle(false).build();

    assertThat(ids(it.next())).containsExactly(0, 1, 2, 0, 1, 2, 0);
    assertThat(it.getEpoch()).isEqualTo(2);
    assertThat(it.getEpochDetail())
        .isCloseTo(2 + 1.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void nonRepeatingIteratorServesOneEpochWithAShortLastBatch() {
    SerialIterator it =
        SerialIterator.builder(indexed(10)).batchSize(4).repeat(false).shuffle(false).build();

    it.next();
    it.next();
    assertThat(ids(it.next())).containsExactly(8, 9);
    assertThat(it.hasNext()).isFalse();
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    it.reset();
    assertThat(ids(it.next())).containsExactly(0, 1, 2, 3);
  }

  @Test
  void restoredStateContinuesExactlyWhereTheOriginalWas() {
    SerialIterator original = SerialIterator.builder(indexed(10)).batchSize(4).seed(9).build();
    for (int i = 0; i < 4; i++) {
      original.next();
    }
    StateTree tree = new StateTree();
    original.serialize(new StateWriter(tree));
    SerialIterator restored = SerialIterator.builder(indexed(10)).batchSize(1).seed(9).build();

    restored.serialize(new StateReader(tree));

    assertThat(restored.getState()).isEqualTo(original.getState());
    assertThat(restored.getBatchSize()).isEqualTo(4);
    for (int i = 0; i < 5; i++) {
      assertThat(ids(restored.next())).containsExactly(ids(original.next()));
    }
  }

  @Test
  void stateOfAnotherDatasetSizeIsRefusedWithTheSizesInTheMessage() {
    SerialIterator big = SerialIterator.of(indexed(10), 2);
    SerialIterator small = SerialIterator.of(indexed(5), 2);

    assertThatThrownBy(() -> small.setState(big.getState()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10")
        .hasMessageContaining("5 examples");
  }

  @Test
  void aLoadedOrderWithAnIndexOutOfRangeIsRefusedNamingItsKeyAndKeepsTheState() {
    SerialIterator it = SerialIterator.of(indexed(10), 2);
    IteratorState before = it.getState();
    StateTree tree = savedWithOrder(new int[] {99, 1, 2, 3, 4, 5, 6, 7, 8, 9});

    assertThatThrownBy(() -> it.serialize(new StateReader(tree).child("iterator:main")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'/iterator:main' order is not a permutation of [0, 10)")
        .hasMessageContaining("order[0] = 99 is out of range");
    assertThat(it.getState()).isEqualTo(before);
  }

  @Test
  void aLoadedOrderThatRepeatsAnIndexIsRefusedNamingItsKey() {
    SerialIterator it = SerialIterator.of(indexed(10), 2);
    StateTree tree = savedWithOrder(new int[10]);

    assertThatThrownBy(() -> it.serialize(new StateReader(tree).child("iterator:main")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'/iterator:main' order is not a permutation of [0, 10)")
        .hasMessageContaining("index 0 is repeated at order[1]");
  }

  @Test
  void anEmptyDatasetIsRefusedAtConstructionNamingIt() {
    assertThatThrownBy(() -> SerialIterator.of(emptyDataset("no-examples"), 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dataset no-examples is empty");
  }

  @Test
  void nonPositiveBatchSizeIsRejectedNamingTheParameter() {
    SerialIterator it = SerialIterator.of(indexed(10), 2);

    assertThatThrownBy(() -> it.setBatchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batchSize must be positive: 0");
    assertThatThrownBy(() -> SerialIterator.of(indexed(10), -3))
        .hasMessageContaining("batchSize must be positive: -3");
  }

  @Test
  void nullDatasetIsRejectedNamingTheParameter() {
    assertThatThrownBy(() -> SerialIterator.of(null, 2))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("dataset");
  }
}
