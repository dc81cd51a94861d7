package org.trainer4j.extensions.minibatch.goodput;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.trainer4j.datasets.Batch;
import org.trainer4j.model.Model;

/**
 * Measures a {@link GradientNoise} estimate on a DL4J model: forward and backward passes over a
 * batch and parts of it ({@link Model#computeGradients}), never an update, so the parameters,
 * optimizer state and counters stay as they were. Each pass does overwrite the model's last
 * gradient and draws dropout masks, so give it a {@link Model#copy()} when the live model's next
 * step must not notice.
 *
 * <p>Only parameters trained by the loss gradient count: DL4J carries batch normalization's running
 * statistics in the same gradient vector, as the change the update applies to them, and those are
 * not gradients of the loss. Each estimate is made in a {@link NoiseGeometry}, the raw one unless
 * told otherwise; its weights are read from the model's optimizer state once per estimate.
 */
public final class GradientProbe {

  private GradientProbe() {}

  /**
   * The two-batch estimate: the mean gradient over the whole {@code batch} and over its first
   * {@code smallBatchSize} examples (McCandlish et al., appendix A). Two passes.
   */
  public static GradientNoise twoBatches(Model model, Batch batch, int smallBatchSize) {
    return twoBatches(model, batch, smallBatchSize, NoiseGeometry.RAW);
  }

  /** As {@link #twoBatches(Model, Batch, int)}, in {@code geometry}. */
  public static GradientNoise twoBatches(
      Model model, Batch batch, int smallBatchSize, NoiseGeometry geometry) {
    Preconditions.checkNotNull(model, "model");
    Preconditions.checkNotNull(batch, "batch");
    Preconditions.checkArgument(
        smallBatchSize > 0 && smallBatchSize < batch.size(),
        "smallBatchSize must be in [1, %s): %s",
        batch.size(),
        smallBatchSize);
    double[] weights = GradientWeights.of(model, geometry);
    double small = squaredNorm(meanGradient(model, slice(batch, 0, smallBatchSize), weights));
    double big = squaredNorm(meanGradient(model, batch, weights));
    return GradientNoise.fromTwoBatches(smallBatchSize, small, batch.size(), big);
  }

  /**
   * The across-replicas estimate: {@code batch} cut into {@code shardCount} equal shards, each
   * shard's mean gradient, and their mean as the combined gradient, which is what data-parallel
   * replicas compute and all-reduce (batch normalization sees each shard alone, as on a replica).
   * {@code shardCount} passes.
   *
   * @throws IllegalArgumentException unless {@code shardCount >= 2} divides the batch size
   */
  public static GradientNoise shards(Model model, Batch batch, int shardCount) {
    return shards(model, batch, shardCount, NoiseGeometry.RAW);
  }

  /** As {@link #shards(Model, Batch, int)}, in {@code geometry}. */
  public static GradientNoise shards(
      Model model, Batch batch, int shardCount, NoiseGeometry geometry) {
    Preconditions.checkNotNull(model, "model");
    Preconditions.checkNotNull(batch, "batch");
    Preconditions.checkArgument(
        shardCount >= 2 && batch.size() % shardCount == 0,
        "shardCount must be at least 2 and divide the batch size %s: %s",
        batch.size(),
        shardCount);
    int shardSize = batch.size() / shardCount;
    double[] weights = GradientWeights.of(model, geometry);
    double[] shardNorms = new double[shardCount];
    double[] combined = null;
    for (int i = 0; i < shardCount; i++) {
      double[] g = meanGradient(model, slice(batch, i * shardSize, (i + 1) * shardSize), weights);
      shardNorms[i] = squaredNorm(g);
      if (combined == null) {
        combined = new double[g.length];
      }
      for (int k = 0; k < g.length; k++) {
        combined[k] += g[k] / shardCount;
      }
    }
    return GradientNoise.fromShards(shardSize, shardNorms, squaredNorm(combined));
  }

  /**
   * The gradient of the loss averaged over {@code batch}'s examples, in double precision, over the
   * parameters the loss trains, in the raw geometry. DL4J's gradient is the sum over the examples
   * (its updater divides by the batch size), so this divides by it too.
   *
   * @throws IllegalStateException if the model is in evaluation mode
   */
  public static double[] meanGradient(Model model, Batch batch) {
    Preconditions.checkNotNull(model, "model");
    Preconditions.checkNotNull(batch, "batch");
    return meanGradient(model, batch, GradientWeights.of(model, NoiseGeometry.RAW));
  }

  /**
   * The mean gradient's components whose weight is not 0, each times its weight, in the order of
   * the flat parameter vector.
   */
  static double[] meanGradient(Model model, Batch batch, double[] weights) {
    model.computeGradients(batch);
    return weighted(model.gradients(), weights, batch.size());
  }

  /**
   * The components of a flat gradient summed over {@code examples} examples whose weight is not 0,
   * each divided by {@code examples} and times its weight.
   */
  static double[] weighted(INDArray gradient, double[] weights, int examples) {
    double[] values = toDoubles(gradient);
    Preconditions.checkState(
        values.length == weights.length,
        "the gradient has %s entries, the weights %s",
        values.length,
        weights.length);
    double[] out = new double[values.length];
    int n = 0;
    for (int i = 0; i < values.length; i++) {
      if (weights[i] != 0) {
        out[n++] = values[i] * weights[i] / examples;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** {@code array}'s entries in double precision, in row-major order. */
  static double[] toDoubles(INDArray array) {
    return array.castTo(DataType.DOUBLE).dup('c').reshape(array.length()).toDoubleVector();
  }

  /** The squared Euclidean norm. */
  static double squaredNorm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return s;
  }

  private static Batch slice(Batch batch, int from, int to) {
    return new Batch(rows(batch.features(), from, to), rows(batch.labels(), from, to));
  }

  private static INDArray rows(INDArray array, int from, int to) {
    INDArrayIndex[] index = new INDArrayIndex[array.rank()];
    index[0] = NDArrayIndex.interval(from, to);
    for (int d = 1; d < index.length; d++) {
      index[d] = NDArrayIndex.all();
    }
    return array.get(index).dup();
  }
}
