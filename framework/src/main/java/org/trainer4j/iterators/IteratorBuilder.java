package org.trainer4j.iterators;

import com.google.common.base.Preconditions;
import org.trainer4j.datasets.Dataset;

/**
 * The settings every iterator builder takes; defaults: batch 32, repeat, shuffle, seed 0.
 *
 * @param <B> the concrete builder, returned by each setter so calls chain
 */
public abstract class IteratorBuilder<B extends IteratorBuilder<B>> {
  final Dataset dataset;
  int batchSize = 32;
  boolean repeat = true;
  boolean shuffle = true;
  long seed;

  IteratorBuilder(Dataset dataset) {
    this.dataset = Preconditions.checkNotNull(dataset, "dataset");
  }

  public B batchSize(int batchSize) {
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive: %s", batchSize);
    this.batchSize = batchSize;
    return self();
  }

  /** Whether a new epoch starts after the last batch instead of the iterator stopping. */
  public B repeat(boolean repeat) {
    this.repeat = repeat;
    return self();
  }

  /** Whether each epoch is served in a new random order. */
  public B shuffle(boolean shuffle) {
    this.shuffle = shuffle;
    return self();
  }

  /** Seed of the per-epoch shuffled orders. */
  public B seed(long seed) {
    this.seed = seed;
    return self();
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }
}
