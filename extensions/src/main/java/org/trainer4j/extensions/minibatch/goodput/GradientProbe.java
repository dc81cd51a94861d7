package org.trainer4j.extensions.minibatch.goodput;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      INDArray weights = GradientWeights.vector(model, geometry);
      double small = squaredNorm(meanGradient(model, slice(batch, 0, smallBatchSize), weights));
      double big = squaredNorm(meanGradient(model, batch, weights));
      return GradientNoise.fromTwoBatches(smallBatchSize, small, batch.size(), big);
    }
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
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      INDArray weights = GradientWeights.vector(model, geometry);
      double[] shardNorms = new double[shardCount];
      INDArray combined = null;
      for (int i = 0; i < shardCount; i++) {
        INDArray g = meanGradient(model, slice(batch, i * shardSize, (i + 1) * shardSize), weights);
        shardNorms[i] = squaredNorm(g);
        combined = combined == null ? g.divi(shardCount) : combined.addi(g.divi(shardCount));
      }
      return GradientNoise.fromShards(shardSize, shardNorms, squaredNorm(combined));
    }
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
    double[] weights = GradientWeights.of(model, NoiseGeometry.RAW);
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      double[] all = meanGradient(model, batch, Nd4j.createFromArray(weights)).toDoubleVector();
      double[] out = new double[all.length];
      int n = 0;
      for (int i = 0; i < all.length; i++) {
        if (weights[i] != 0) {
          out[n++] = all[i];
        }
      }
      return Arrays.copyOf(out, n);
    }
  }

  /**
   * The mean gradient over {@code batch} times {@code weights}, entry by entry, as a flat vector in
   * double precision (entries of weight 0 stay, as zeros). It stays in ND4J: an estimate runs a few
   * times per search, too seldom for the JIT to compile a Java loop over the parameters, and such a
   * loop, interpreted, took up to 4x the gradient's own pass on the full-data MLP (0.015-0.04 s
   * against 0.01 s per shard).
   */
  static INDArray meanGradient(Model model, Batch batch, INDArray weights) {
    model.computeGradients(batch);
    return weighted(model.gradients(), weights, batch.size());
  }

  /**
   * A flat gradient summed over {@code examples} examples, divided by {@code examples} and times
   * {@code weights} entry by entry, in double precision, as a new vector.
   */
  static INDArray weighted(INDArray gradient, INDArray weights, int examples) {
    Preconditions.checkState(
        gradient.length() == weights.length(),
        "the gradient has %s entries, the weights %s",
        gradient.length(),
        weights.length());
    // A new array either way: the model's gradient is not to be scaled in place.
    INDArray g =
        gradient.dataType() == DataType.DOUBLE
            ? gradient.dup('c')
            : gradient.castTo(DataType.DOUBLE);
    return g.reshape(g.length()).muli(weights).divi(examples);
  }

  /** {@code array}'s entries in double precision, in row-major order. */
  static double[] toDoubles(INDArray array) {
    return array.castTo(DataType.DOUBLE).dup('c').reshape(array.length()).toDoubleVector();
  }

  /** The squared Euclidean norm of a vector. */
  static double squaredNorm(INDArray v) {
    double norm = v.norm2Number().doubleValue();
    return norm * norm;
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
