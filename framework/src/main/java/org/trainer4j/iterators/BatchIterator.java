package org.trainer4j.iterators;

import org.trainer4j.datasets.Batch;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.serialization.Serializer;

/**
 * Chainer's Iterator (renamed so it does not shadow {@code java.util.Iterator}): serves minibatches
 * of a dataset and owns the minibatch size, which may be changed while training ({@link
 * #setBatchSize}) and takes effect at the next batch. Epoch accounting stays exact across such
 * changes.
 */
public interface BatchIterator extends java.util.Iterator<Batch>, AutoCloseable {

  /** The dataset this iterator serves. */
  Dataset getDataset();

  int getBatchSize();

  /**
   * Sets the size of the following batches.
   *
   * @throws IllegalArgumentException if {@code batchSize} is not positive
   */
  void setBatchSize(int batchSize);

  /** Whether the iterator starts a new epoch instead of stopping after one. */
  boolean isRepeat();

  /** Completed epochs. */
  default int getEpoch() {
    return getState().epoch();
  }

  /** Epochs as a real number: completed epochs plus the fraction served of the current one. */
  default double getEpochDetail() {
    return getState().epochDetail(getDataset().size());
  }

  /** {@link #getEpochDetail()} before the last batch; null before the first batch. */
  default Double getPreviousEpochDetail() {
    return getState().previousEpochDetail();
  }

  /** True when the last batch crossed an epoch boundary. */
  default boolean isNewEpoch() {
    return getState().isNewEpoch();
  }

  /** The current position, order and epoch as an immutable value. */
  IteratorState getState();

  /** Back to the first epoch's start (same seed, same first order). */
  void reset();

  /** Saves or loads the state and batch size. */
  void serialize(Serializer serializer);

  /** Releases background resources; the iterator must not be used afterwards. */
  @Override
  default void close() {}
}
