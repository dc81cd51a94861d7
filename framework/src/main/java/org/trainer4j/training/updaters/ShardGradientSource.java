package org.trainer4j.training.updaters;

/**
 * An updater that splits each batch into shards whose gradients it combines ({@link
 * ParallelUpdater} across replicas, {@link DistributedUpdater} across processes), and can report
 * their norms. The norms are computed only while a listener is registered: one reduction over each
 * shard's gradient and one over the combined gradient per step, no copies.
 */
public interface ShardGradientSource {

  /** Shards per step: the replica or process count. */
  int shardCount();

  /** Calls {@code listener} after every later training step that has at least two shards. */
  void addShardGradientListener(ShardGradientListener listener);

  /** Stops calling {@code listener}; nothing happens if it was not added. */
  void removeShardGradientListener(ShardGradientListener listener);
}
