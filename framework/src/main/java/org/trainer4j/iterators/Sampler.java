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
    // An empty dataset has no epochs to count: a run over it would do nothing, or fail at the first
    // batch far from the cause.
    Preconditions.checkArgument(
        settings.dataset.size() > 0,
        "dataset %s is empty: an iterator needs at least one example",
        settings.dataset);
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
    return checkFits(state, "iterator state");
  }

  /** {@link #checkFits(IteratorState)} naming the state {@code source} in messages. */
  private IteratorState checkFits(IteratorState state, String source) {
    Preconditions.checkNotNull(state, "state");
    int size = dataset.size();
    Preconditions.checkArgument(
        state.position() < size,
        "%s position %s is outside a dataset of %s examples",
        source,
        state.position(),
        size);
    int[] order = state.order();
    if (shuffle) {
      Preconditions.checkArgument(
          order != null && order.length == size,
          "%s order has %s entries but the dataset has %s examples",
          source,
          order == null ? "no" : String.valueOf(order.length),
          size);
      checkPermutation(order, source);
    } else {
      Preconditions.checkArgument(
          order == null, "%s is shuffled but this iterator serves in order", source);
    }
    return state;
  }

  // The order is served as is: an index out of range would fail batches later without naming the
  // snapshot, and a repeated one would silently serve some examples in place of others.
  private static void checkPermutation(int[] order, String source) {
    boolean[] seen = new boolean[order.length];
    for (int k = 0; k < order.length; k++) {
      int index = order[k];
      // Messages are built only on failure: orders run to millions of entries.
      if (index < 0 || index >= order.length) {
        throw new IllegalArgumentException(
            String.format(
                "%s order is not a permutation of [0, %d): order[%d] = %d is out of range",
                source, order.length, k, index));
      }
      if (seen[index]) {
        throw new IllegalArgumentException(
            String.format(
                "%s order is not a permutation of [0, %d): index %d is repeated at order[%d]",
                source, order.length, index, k));
      }
      seen[index] = true;
    }
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
    return checkFits(
        new IteratorState(position, epoch, isNewEpoch, order, previous),
        "iterator state '" + s.path() + "'");
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
