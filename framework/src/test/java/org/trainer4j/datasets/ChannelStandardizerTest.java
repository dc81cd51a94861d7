package org.trainer4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ChannelStandardizerTest {

  /** Two-channel 1x2 images: channel 0 holds {@code i, i}, channel 1 holds 5 everywhere. */
  private static ArrayDataset twoChannels(int n) {
    float[] values = new float[n * 4];
    for (int i = 0; i < n; i++) {
      values[i * 4] = i;
      values[i * 4 + 1] = i;
      values[i * 4 + 2] = 5;
      values[i * 4 + 3] = 5;
    }
    return ArrayDataset.of(
        Nd4j.create(values, new long[] {n, 2, 1, 2}, DataType.FLOAT),
        ArrayDataset.oneHot(new int[n], 2));
  }

  @Test
  void fitsPopulationMeanAndStdPerChannel() {
    ChannelStandardizer norm = ChannelStandardizer.fit(twoChannels(4)); // 0,1,2,3 twice

    assertThat(norm.channels()).isEqualTo(2);
    assertThat(norm.mean()).containsExactly(new double[] {1.5, 5.0}, within(1e-9));
    assertThat(norm.std()[0]).isCloseTo(Math.sqrt(1.25), within(1e-9));
    assertThat(norm.std()[1]).as("a constant channel is only centred").isEqualTo(1.0);
  }

  @Test
  void appliedDatasetHasZeroMeanAndUnitStdInEachChannel() {
    ArrayDataset data = twoChannels(2000);
    Dataset normalized = ChannelStandardizer.fit(data).applyTo(data);

    INDArray x = normalized.get(new int[] {0, 1, 1999}).features();
    ChannelStandardizer after = ChannelStandardizer.fit(normalized);

    assertThat(x.shape()).containsExactly(3, 2, 1, 2);
    assertThat(x.getDouble(2, 1, 0, 1)).isEqualTo(0.0);
    assertThat(after.mean()).containsExactly(new double[] {0, 0}, within(1e-4));
    assertThat(after.std()[0]).isCloseTo(1.0, within(1e-4));
    assertThat(normalized.describe()).endsWith("normalized per channel");
  }

  @Test
  void flatExamplesCanBeReadAsChannelMajorImages() {
    ArrayDataset flat =
        ArrayDataset.of(
            Nd4j.create(new float[] {0, 0, 10, 10, 2, 2, 30, 30}, new long[] {2, 4}),
            ArrayDataset.oneHot(new int[2], 2));

    ChannelStandardizer perChannel = ChannelStandardizer.fit(flat, 2);
    ChannelStandardizer single = ChannelStandardizer.fit(flat);

    assertThat(perChannel.mean()).containsExactly(1.0, 20.0);
    assertThat(single.channels()).isEqualTo(1);
    assertThat(single.mean()).containsExactly(10.5);
  }

  @Test
  void applyLeavesTheInputUnchanged() {
    INDArray features = Nd4j.create(new float[] {1, 3}, new long[] {2, 1});
    ChannelStandardizer norm = ChannelStandardizer.of(new double[] {1}, new double[] {2});

    INDArray out = norm.apply(features);

    assertThat(out.toFloatVector()).containsExactly(0f, 1f);
    assertThat(features.toFloatVector()).containsExactly(1f, 3f);
  }

  @Test
  void rejectsStatisticsThatDoNotFit() {
    assertThatThrownBy(() -> ChannelStandardizer.of(new double[] {0}, new double[] {0}))
        .hasMessageContaining("std must be positive");
    assertThatThrownBy(() -> ChannelStandardizer.fit(twoChannels(2), 3))
        .hasMessageContaining("divide the example length 4");
    ChannelStandardizer three =
        ChannelStandardizer.of(new double[] {0, 0, 0}, new double[] {1, 1, 1});
    assertThatThrownBy(() -> three.applyTo(twoChannels(2)))
        .hasMessageContaining("cannot be split into 3 channels");
  }

  @Test
  void refusesNonFiniteStatisticsNamingTheChannel() {
    double[] one = {1, 1};

    assertThatThrownBy(() -> ChannelStandardizer.of(new double[] {0, Double.NaN}, one))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mean[1] = NaN");
    assertThatThrownBy(
            () ->
                ChannelStandardizer.of(
                    new double[] {0, 0}, new double[] {Double.POSITIVE_INFINITY, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("std[0] = Infinity");
    assertThatThrownBy(
            () -> ChannelStandardizer.of(new double[] {0, 0}, new double[] {1, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("std[1] = NaN");
  }

  @Test
  void fitRefusesADatasetWithNaNNamingTheChannelAndExample() {
    INDArray features = Nd4j.ones(DataType.FLOAT, 5, 2, 1, 2);
    features.putScalar(new long[] {3, 1, 0, 1}, Float.NaN);
    ArrayDataset dataset = ArrayDataset.of(features, ArrayDataset.oneHot(new int[5], 2));

    assertThatThrownBy(() -> ChannelStandardizer.fit(dataset))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN or infinite value in channel 1 (first in example 3)");
  }
}
