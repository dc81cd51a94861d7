package org.trainer4j.iterators;

import com.google.common.base.Preconditions;
import org.trainer4j.serialization.Serializer;

/** State checks and the serialized form shared by every {@link BatchIterator} implementation. */
public final class IteratorStates {

  private IteratorStates() {}

  /**
   * Returns {@code state} if it can belong to an iterator over {@code datasetSize} examples.
   *
   * @throws IllegalArgumentException naming what does not fit
   */
  public static IteratorState checkFits(IteratorState state, int datasetSize, boolean shuffle) {
    Preconditions.checkNotNull(state, "state");
    Preconditions.checkArgument(
        state.position() < datasetSize,
        "iterator state position %s is outside a dataset of %s examples",
        state.position(),
        datasetSize);
    int[] order = state.order();
    if (shuffle) {
      Preconditions.checkArgument(
          order != null && order.length == datasetSize,
          "iterator state order has %s entries but the dataset has %s examples",
          order == null ? "no" : String.valueOf(order.length),
          datasetSize);
    } else {
      Preconditions.checkArgument(
          order == null, "iterator state is shuffled but this iterator serves in order");
    }
    return state;
  }

  /** Saves or loads {@code state} under Chainer's keys; returns the (possibly loaded) state. */
  public static IteratorState serialize(
      Serializer s, IteratorState state, int datasetSize, boolean shuffle) {
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
        new IteratorState(position, epoch, isNewEpoch, order, previous), datasetSize, shuffle);
  }
}
