package org.trainer4j.training.updaters;

import com.google.common.base.Preconditions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.trainer4j.iterators.BatchIterator;
import org.trainer4j.optimizers.Optimizer;

/**
 * A {@link StandardUpdater} that splits each batch into shards ({@link ParallelUpdater}'s replicas,
 * {@link DistributedUpdater}'s processes) and keeps the {@link ShardGradientListener}s that want
 * their gradient norms.
 */
abstract class ShardedUpdater extends StandardUpdater implements ShardGradientSource {

  private final List<ShardGradientListener> shardListeners = new CopyOnWriteArrayList<>();

  ShardedUpdater(BatchIterator iterator, Optimizer optimizer) {
    super(iterator, optimizer);
  }

  @Override
  public final void addShardGradientListener(ShardGradientListener listener) {
    shardListeners.add(Preconditions.checkNotNull(listener, "listener"));
  }

  @Override
  public final void removeShardGradientListener(ShardGradientListener listener) {
    shardListeners.remove(listener);
  }

  /** The listeners now registered (empty: measure nothing). */
  final List<ShardGradientListener> shardListeners() {
    return shardListeners;
  }
}
