package org.trainer4j.iterators;

import com.google.common.base.Preconditions;
import java.util.NoSuchElementException;
import org.trainer4j.datasets.Batch;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.serialization.Serializer;

/**
 * Serves batches from a dataset in the calling thread, as Chainer's {@code SerialIterator}.
 * Shuffling uses a seeded order per epoch, so a restored iterator repeats the uninterrupted run.
 */
public final class SerialIterator implements BatchIterator {

  private final Sampler sampler;
  private volatile int batchSize;
  private IteratorState state;

  private SerialIterator(Builder builder) {
    this.sampler = new Sampler(builder);
    this.batchSize = builder.batchSize;
    this.state = sampler.initial();
  }

  /** A repeating, shuffling iterator with seed 0. */
  public static SerialIterator of(Dataset dataset, int batchSize) {
    return builder(dataset).batchSize(batchSize).build();
  }

  public static Builder builder(Dataset dataset) {
    return new Builder(dataset);
  }

  @Override
  public Dataset getDataset() {
    return sampler.dataset();
  }

  @Override
  public synchronized boolean hasNext() {
    return !sampler.isExhausted(state);
  }

  @Override
  public synchronized Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the iterator has served its only epoch; call reset()");
    }
    IteratorState.Step step = sampler.plan(state, batchSize);
    Batch batch = sampler.dataset().get(step.indices(), step.epochs());
    state = step.state();
    return batch;
  }

  @Override
  public int getBatchSize() {
    return batchSize;
  }

  @Override
  public void setBatchSize(int batchSize) {
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive: %s", batchSize);
    this.batchSize = batchSize;
  }

  @Override
  public boolean isRepeat() {
    return sampler.repeat();
  }

  /** Whether each epoch is served in a new random order. */
  public boolean isShuffle() {
    return sampler.shuffle();
  }

  @Override
  public synchronized IteratorState getState() {
    return state;
  }

  // Package-private: users restore a position through serialize (snapshots); tests set one here.
  synchronized void setState(IteratorState newState) {
    this.state = sampler.checkFits(newState);
  }

  @Override
  public synchronized void reset() {
    state = sampler.initial();
  }

  @Override
  public synchronized void serialize(Serializer s) {
    batchSize = Sampler.serializeBatchSize(s, batchSize);
    state = sampler.serialize(s, state);
  }

  /** Configures a {@link SerialIterator}; defaults: batch 32, repeat, shuffle, seed 0. */
  public static final class Builder extends IteratorBuilder<Builder> {

    private Builder(Dataset dataset) {
      super(dataset);
    }

    public SerialIterator build() {
      return new SerialIterator(this);
    }
  }
}
