package org.trainer4j.iterators;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Where an iterator stands in its dataset: the next position in the current epoch's order, the
 * epoch count, whether the last batch crossed an epoch boundary, the current order (null when not
 * shuffling) and the epoch detail before the last batch (null before the first batch). Advanced by
 * the pure function {@link #advance}, after Chainer's {@code iterator_statemachine}.
 */
public record IteratorState(
    int position, int epoch, boolean isNewEpoch, int[] order, Double previousEpochDetail) {

  public IteratorState {
    Preconditions.checkArgument(position >= 0, "position must not be negative: %s", position);
    Preconditions.checkArgument(epoch >= 0, "epoch must not be negative: %s", epoch);
    order = order == null ? null : order.clone();
  }

  /** The state before the first batch, with the first epoch's {@code order} (null: in order). */
  public static IteratorState initial(int[] order) {
    return new IteratorState(0, 0, false, order, null);
  }

  /**
   * The result of one step: the state after the batch, the dataset indices of the batch and the
   * epoch each of them is served in (a batch that crosses an epoch boundary spans two).
   */
  record Step(IteratorState state, int[] indices, int[] epochs) {}

  /** Epoch count plus the fraction of the current epoch already served. */
  public double epochDetail(int datasetSize) {
    return epoch + (double) position / datasetSize;
  }

  /** The current order, copied; null when examples are served in dataset order. */
  @Override
  public int[] order() {
    return order == null ? null : order.clone();
  }

  /** True when a non-repeating iterator has served its one epoch. */
  public boolean isExhausted(boolean repeat) {
    return !repeat && epoch > 0;
  }

  /**
   * Serves the next {@code batchSize} examples. A batch that reaches the end of an epoch continues
   * with the next epoch's order (from {@code orderForEpoch}) when {@code repeat}, so every batch
   * has exactly {@code batchSize} examples and the epoch count stays exact; without repeat the last
   * batch is shorter.
   */
  Step advance(int batchSize, int datasetSize, boolean repeat, IntFunction<int[]> orderForEpoch) {
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive: %s", batchSize);
    Preconditions.checkArgument(datasetSize > 0, "datasetSize must be positive: %s", datasetSize);
    Preconditions.checkState(!isExhausted(repeat), "the iterator has served its only epoch");
    int[] indices = new int[repeat ? batchSize : Math.min(batchSize, datasetSize - position)];
    int[] epochs = new int[indices.length];
    int filled = 0;
    int pos = position;
    int ep = epoch;
    int[] ord = order;
    boolean crossed = false;
    while (filled < indices.length) {
      int take = Math.min(indices.length - filled, datasetSize - pos);
      for (int k = 0; k < take; k++) {
        indices[filled + k] = ord == null ? pos + k : ord[pos + k];
        epochs[filled + k] = ep;
      }
      filled += take;
      pos += take;
      if (pos >= datasetSize) {
        // The epoch is an int in snapshots (Chainer's format); one more would wrap to a negative.
        Preconditions.checkState(
            ep < Integer.MAX_VALUE,
            "an iterator over %s examples cannot count past epoch %s",
            datasetSize,
            ep);
        ep++;
        pos = 0;
        crossed = true;
        ord = orderForEpoch.apply(ep);
      }
    }
    double previous = epochDetail(datasetSize);
    return new Step(new IteratorState(pos, ep, crossed, ord, previous), indices, epochs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IteratorState s
        && position == s.position
        && epoch == s.epoch
        && isNewEpoch == s.isNewEpoch
        && Arrays.equals(order, s.order)
        && Objects.equals(previousEpochDetail, s.previousEpochDetail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(position, epoch, isNewEpoch, Arrays.hashCode(order), previousEpochDetail);
  }

  @Override
  public String toString() {
    return String.format(
        "IteratorState[position=%d, epoch=%d, isNewEpoch=%s, order=%s, previousEpochDetail=%s]",
        position,
        epoch,
        isNewEpoch,
        order == null ? "sequential" : order.length + " shuffled",
        previousEpochDetail);
  }
}
