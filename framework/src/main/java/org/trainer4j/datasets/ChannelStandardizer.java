package org.trainer4j.datasets;

import com.google.common.base.Preconditions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-channel standardization {@code (x - mean[c]) / std[c]}. Examples are read channel-major:
 * channel {@code c} is the {@code c}-th equal slice of an example ({@code [C, H, W]} images, or
 * flat vectors of such images). Fit it on the training part only and apply it to every part, so no
 * validation data leaks into the statistics.
 */
public final class ChannelStandardizer {

  private static final int CHUNK = 1024;

  private final double[] mean;
  private final double[] std;

  private ChannelStandardizer(double[] mean, double[] std) {
    this.mean = mean;
    this.std = std;
  }

  /**
   * Given statistics, e.g. published ones; {@code mean} entries must be finite and {@code std}
   * entries positive and finite.
   */
  public static ChannelStandardizer of(double[] mean, double[] std) {
    Preconditions.checkNotNull(mean, "mean");
    Preconditions.checkNotNull(std, "std");
    Preconditions.checkArgument(
        mean.length > 0 && mean.length == std.length,
        "mean and std need the same positive length: %s vs %s",
        mean.length,
        std.length);
    // A NaN mean turns every feature of its channel into NaN, and an infinite std turns them all
    // into 0: either would train on garbage without any error.
    for (int c = 0; c < mean.length; c++) {
      Preconditions.checkArgument(
          Double.isFinite(mean[c]),
          "mean must be finite: mean[%s] = %s",
          c,
          Double.valueOf(mean[c]));
      Preconditions.checkArgument(
          Double.isFinite(std[c]) && std[c] > 0,
          "std must be positive and finite: std[%s] = %s",
          c,
          Double.valueOf(std[c]));
    }
    return new ChannelStandardizer(mean.clone(), std.clone());
  }

  /**
   * Statistics of {@code dataset} with one channel per first example dimension ({@code [C, H, W]}
   * gives C channels; flat examples are one channel).
   */
  public static ChannelStandardizer fit(Dataset dataset) {
    Preconditions.checkNotNull(dataset, "dataset");
    long[] shape = dataset.exampleShape();
    return fit(dataset, shape.length >= 2 ? (int) shape[0] : 1);
  }

  /**
   * Population mean and standard deviation of each of {@code channels} channels over all of {@code
   * dataset}, read in chunks so lazily decoded datasets work. A constant channel gets std 1 (it is
   * only centred).
   */
  public static ChannelStandardizer fit(Dataset dataset, int channels) {
    Preconditions.checkNotNull(dataset, "dataset");
    long length = exampleLength(dataset.exampleShape());
    Preconditions.checkArgument(
        channels > 0 && length % channels == 0,
        "channels must be positive and divide the example length %s: %s",
        length,
        channels);
    double[] sum = new double[channels];
    double[] sumSquares = new double[channels];
    int n = dataset.size();
    for (int start = 0; start < n; start += CHUNK) {
      int[] indices = new int[Math.min(CHUNK, n - start)];
      for (int i = 0; i < indices.length; i++) {
        indices[i] = start + i;
      }
      INDArray x =
          dataset
              .get(indices)
              .features()
              .castTo(DataType.DOUBLE)
              .reshape('c', indices.length, channels, length / channels);
      double[] s = x.sum(0, 2).toDoubleVector();
      double[] q = x.mul(x).sum(0, 2).toDoubleVector();
      checkFinite(x, s, start);
      for (int c = 0; c < channels; c++) {
        sum[c] += s[c];
        sumSquares[c] += q[c];
      }
    }
    double count = (double) n * (length / channels);
    double[] mean = new double[channels];
    double[] std = new double[channels];
    for (int c = 0; c < channels; c++) {
      mean[c] = sum[c] / count;
      double variance = Math.max(0, sumSquares[c] / count - mean[c] * mean[c]);
      double s = Math.sqrt(variance);
      std[c] = s > 1e-12 ? s : 1.0;
    }
    return new ChannelStandardizer(mean, std);
  }

  /**
   * Refuses a chunk whose channel sums {@code sums} are not finite: one NaN or infinite value would
   * make its channel's statistics NaN, and every standardized value of that channel with it.
   */
  private static void checkFinite(INDArray chunk, double[] sums, int firstIndex) {
    for (int c = 0; c < sums.length; c++) {
      if (!Double.isFinite(sums[c])) {
        double[][] perExample = chunk.sum(2).toDoubleMatrix();
        int i = 0;
        while (i < perExample.length - 1 && Double.isFinite(perExample[i][c])) {
          i++;
        }
        throw new IllegalArgumentException(
            String.format(
                "dataset has a NaN or infinite value in channel %d (first in example %d);"
                    + " cannot fit statistics to it",
                c, firstIndex + i));
      }
    }
  }

  public double[] mean() {
    return mean.clone();
  }

  public double[] std() {
    return std.clone();
  }

  public int channels() {
    return mean.length;
  }

  /** A normalized copy of batch {@code features} {@code [n, ...]}; the input is not changed. */
  public INDArray apply(INDArray features) {
    Preconditions.checkNotNull(features, "features");
    long n = features.size(0);
    long length = features.length() / n;
    Preconditions.checkArgument(
        length % mean.length == 0,
        "examples of %s values cannot be split into %s channels",
        length,
        mean.length);
    INDArray x = features.dup('c').reshape('c', n, mean.length, length / mean.length);
    INDArray m = Nd4j.createFromArray(mean).castTo(x.dataType());
    INDArray s = Nd4j.createFromArray(std).castTo(x.dataType());
    Broadcast.sub(x, m, x, 1);
    Broadcast.div(x, s, x, 1);
    return x.reshape('c', features.shape());
  }

  /** A view of {@code dataset} whose batches are normalized as they are assembled. */
  public Dataset applyTo(Dataset dataset) {
    Preconditions.checkNotNull(dataset, "dataset");
    long length = exampleLength(dataset.exampleShape());
    Preconditions.checkArgument(
        length % mean.length == 0,
        "examples of %s values cannot be split into %s channels",
        length,
        mean.length);
    return new NormalizedDataset(dataset, this);
  }

  @Override
  public String toString() {
    return "ChannelStandardizer[mean=" + format(mean) + ", std=" + format(std) + "]";
  }

  private static String format(double[] values) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(String.format("%.4f", values[i]));
    }
    return sb.append(']').toString();
  }

  private static long exampleLength(long[] shape) {
    long length = 1;
    for (long d : shape) {
      length *= d;
    }
    return length;
  }
}
