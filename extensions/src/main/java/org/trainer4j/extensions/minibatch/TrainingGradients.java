package org.trainer4j.extensions.minibatch;

/**
 * Where an adaptive {@link GoodputOptimizer} takes its gradient noise statistics between searches,
 * besides the extra forward and backward passes of a search ({@code ModelNoiseSource}).
 */
public enum TrainingGradients {

  /** Extra passes only. */
  NONE,

  /**
   * The default: across the shards of every training step when the updater splits its batch ({@code
   * ParallelUpdater}'s replicas, {@code DistributedUpdater}'s processes), Pollux's estimate. All
   * shards are at the same parameters, so it is unbiased; it costs one norm per shard and step.
   * With a single model, extra passes only.
   */
  ACROSS_SHARDS,

  /**
   * As {@link #ACROSS_SHARDS}, and with a single model from windows of consecutive steps ({@code
   * TrainingGradientNoise}). The parameters move between a window's steps: on the main job's CNN
   * with Adam (lr 0.001) that raised the noise scale 4-15x above extra passes at the same
   * parameters early in training (equal at a learning rate of zero), which pushes the pick to
   * larger sizes. Worth it where steps move the parameters little.
   */
  ACROSS_SHARDS_OR_STEPS
}
