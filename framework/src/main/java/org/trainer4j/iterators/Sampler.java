package org.trainer4j.iterators;

import com.google.common.base.Preconditions;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.serialization.Serializer;

/**
 * What {@link SerialIterator} and {@link PrefetchIterator} share: the dataset, the settings, and
 * the rule that plans the next batch from a state ({@link IteratorState#advance} with this
 * iterator's per-epoch orders). Both iterators plan through it, so with the same seed they serve
 * the same batches; only where {@link Dataset#get} runs differs.
 */
final class Sampler {

  private final Dataset dataset;
  private final boolean repeat;
  private final boolean shuffle;
  private final long seed;

  Sampler(IteratorBuilder<?> settings) {
    this.dataset = settings.dataset;
    this.repeat = settings.repeat;
    this.shuffle = settings.shuffle;
    this.seed = settings.seed;
  }

  Dataset dataset() {
    return dataset;
  }

  boolean repeat() {
    return repeat;
  }

  boolean shuffle() {
    return shuffle;
  }

  /** The state before the first batch. */
  IteratorState initial() {
    return IteratorState.initial(orderForEpoch(0));
  }

  boolean isExhausted(IteratorState state) {
    return state.isExhausted(repeat);
  }

  /** The batch after {@code state}: its indices and the state after it. */
  IteratorState.Step plan(IteratorState state, int batchSize) {
    return state.advance(batchSize, dataset.size(), repeat, this::orderForEpoch);
  }

  /**
   * Returns {@code state} if it can belong to an iterator over this dataset.
   *
   * @throws IllegalArgumentException naming what does not fit
   */
  IteratorState checkFits(IteratorState state) {
    Preconditions.checkNotNull(state, "state");
    int size = dataset.size();
    Preconditions.checkArgument(
        state.position() < size,
        "iterator state position %s is outside a dataset of %s examples",
        state.position(),
        size);
    int[] order = state.order();
    if (shuffle) {
      Preconditions.checkArgument(
          order != null && order.length == size,
          "iterator state order has %s entries but the dataset has %s examples",
          order == null ? "no" : String.valueOf(order.length),
          size);
    } else {
      Preconditions.checkArgument(
          order == null, "iterator state is shuffled but this iterator serves in order");
    }
    return state;
  }

  /** Saves or loads {@code state} under Chainer's keys; returns the (possibly loaded) state. */
  IteratorState serialize(Serializer s, IteratorState state) {
    int position = s.serializeInt("current_position", state.position());
    int epoch = s.serializeInt("epoch", state.epoch());
    boolean isNewEpoch = s.serializeBoolean("is_new_epoch", state.isNewEpoch());
    int[] order = s.serializeIntArray("order", state.order());
    Double previous =
        s.serializeNullableDouble("previous_epoch_detail", state.previousEpochDetail());
    if (!s.isLoading()) {
      return state;
    }
    return checkFits(new IteratorState(position, epoch, isNewEpoch, order, previous));
  }

  /** Saves or loads the batch size; a loaded one must be positive. */
  static int serializeBatchSize(Serializer s, int batchSize) {
    int size = s.serializeInt("batch_size", batchSize);
    Preconditions.checkArgument(size > 0, "loaded batch_size must be positive: %s", size);
    return size;
  }

  private int[] orderForEpoch(int epoch) {
    return shuffle ? ShuffleOrder.forEpoch(seed, epoch, dataset.size()) : null;
  }
}
