package org.trainer4j.training.updaters;

import com.google.common.base.Preconditions;
import org.trainer4j.model.Model;

/**
 * The gradient norms of one data-parallel step, taken before the update: each shard's mean gradient
 * (over its {@code shardSize} examples) and the combined mean gradient over all {@code shards x
 * shardSize} examples, all at the same parameters. These are the two batch sizes of McCandlish et
 * al.'s gradient noise estimate (appendix A), measured across replicas at no extra pass.
 *
 * @param shardSize examples per shard
 * @param shards shards (replicas or processes) of the step, at least 2
 * @param meanShardSquaredNorm the shards' squared norms of their mean gradients, averaged over the
 *     shards
 * @param combinedSquaredNorm the squared norm of the mean gradient over the whole batch
 */
public record ShardGradientNorms(
    int shardSize, int shards, double meanShardSquaredNorm, double combinedSquaredNorm) {

  public ShardGradientNorms {
    Preconditions.checkArgument(shardSize > 0, "shardSize must be positive: %s", shardSize);
    Preconditions.checkArgument(shards >= 2, "shards must be at least 2: %s", shards);
    Preconditions.checkArgument(
        Double.isFinite(meanShardSquaredNorm) && meanShardSquaredNorm >= 0,
        "meanShardSquaredNorm must be finite and non-negative: %s",
        meanShardSquaredNorm);
    Preconditions.checkArgument(
        Double.isFinite(combinedSquaredNorm) && combinedSquaredNorm >= 0,
        "combinedSquaredNorm must be finite and non-negative: %s",
        combinedSquaredNorm);
  }

  /**
   * The squared norm of {@code model}'s last mean gradient over {@code examples}: the model's
   * gradient is summed over the examples, so its norm is divided by their count.
   */
  static double ofMeanGradient(Model model, int examples) {
    return model.trainedGradientSquaredNorm() / ((double) examples * examples);
  }

  /** Examples in the whole step. */
  public int batchSize() {
    return shardSize * shards;
  }
}
