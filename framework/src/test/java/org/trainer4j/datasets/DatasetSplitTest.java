package org.trainer4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class DatasetSplitTest {

  private static ArrayDataset indexed(int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = i;
    }
    return ArrayDataset.of(
        Nd4j.create(values, new long[] {n, 1}), ArrayDataset.oneHot(new int[n], 2));
  }

  private static int[] all(Dataset d) {
    return d.get(IntStream.range(0, d.size()).toArray()).features().toIntVector();
  }

  @Test
  void partsAreDisjointAndTogetherHoldEveryExample() {
    DatasetSplit split = DatasetSplit.of(indexed(100), 0.2, 7);

    int[] train = all(split.train());
    int[] validation = all(split.validation());

    assertThat(validation).hasSize(20);
    assertThat(train).hasSize(80).doesNotContain(validation);
    assertThat(IntStream.concat(IntStream.of(train), IntStream.of(validation)).sorted().toArray())
        .containsExactly(IntStream.range(0, 100).toArray());
  }

  @Test
  void sameSeedGivesTheSameSplitAndAnotherSeedADifferentOne() {
    ArrayDataset data = indexed(50);

    int[] a = all(DatasetSplit.ofSize(data, 10, 1).validation());
    int[] b = all(DatasetSplit.ofSize(data, 10, 1).validation());
    int[] c = all(DatasetSplit.ofSize(data, 10, 2).validation());

    assertThat(a).containsExactly(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void describesItsPartsWithTheSeed() {
    DatasetSplit split = DatasetSplit.ofSize(indexed(10), 3, 4);

    assertThat(split.validation().describe()).startsWith("validation split with seed 4 (3 of ");
    assertThat(split.train().size()).isEqualTo(7);
  }

  @Test
  void rejectsSizesThatLeaveAPartEmpty() {
    ArrayDataset data = indexed(10);

    assertThatThrownBy(() -> DatasetSplit.ofSize(data, 10, 0))
        .hasMessageContaining("validationSize must be in [1, 10)");
    assertThatThrownBy(() -> DatasetSplit.of(data, 1.0, 0))
        .hasMessageContaining("validationFraction must be in (0, 1)");
  }

  @Test
  void aSingleExampleCannotBeSplit() {
    assertThatThrownBy(() -> DatasetSplit.of(indexed(1), 0.5, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a split needs at least 2 examples")
        .hasMessageNotContaining("validationSize");
  }
}
