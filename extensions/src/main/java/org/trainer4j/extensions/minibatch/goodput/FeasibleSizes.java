package org.trainer4j.extensions.minibatch.goodput;

import com.google.common.base.Preconditions;
import java.util.stream.IntStream;

/**
 * The batch sizes a goodput search may choose from: the multiples of {@code multiple} (the number
 * of replicas or ranks, so that every one gets the same share) from {@code min} to {@code max}.
 * Build it with {@link #of}, which also caps {@code max} at the dataset size.
 *
 * @param min smallest size, a multiple of {@code multiple}
 * @param max largest size, a multiple of {@code multiple}, at least {@code min}
 * @param multiple every size is a multiple of this
 */
public record FeasibleSizes(int min, int max, int multiple) {

  public FeasibleSizes {
    Preconditions.checkArgument(multiple > 0, "multiple must be positive: %s", multiple);
    Preconditions.checkArgument(min > 0, "min must be positive: %s", min);
    Preconditions.checkArgument(max >= min, "max must be at least min: %s < %s", max, min);
    Preconditions.checkArgument(
        min % multiple == 0 && max % multiple == 0,
        "min and max must be multiples of %s: %s, %s",
        multiple,
        min,
        max);
  }

  /**
   * The multiples of {@code multiple} within {@code [min, min(max, datasetSize)]}: the bounds (from
   * memory or the user), the dataset (a batch larger than it is the dataset) and the replicas.
   *
   * @throws IllegalArgumentException when no multiple lies in that range, naming the numbers
   */
  public static FeasibleSizes of(int min, int max, int datasetSize, int multiple) {
    Preconditions.checkArgument(min > 0, "min must be positive: %s", min);
    Preconditions.checkArgument(datasetSize > 0, "datasetSize must be positive: %s", datasetSize);
    Preconditions.checkArgument(multiple > 0, "multiple must be positive: %s", multiple);
    int upper = Math.min(max, datasetSize);
    // In long: rounding min up to a multiple may pass the int range (min near Integer.MAX_VALUE).
    long low = ((long) min + multiple - 1) / multiple * multiple;
    int high = upper / multiple * multiple;
    Preconditions.checkArgument(
        low <= high,
        "no multiple of %s lies between min %s and min(max %s, datasetSize %s)",
        multiple,
        min,
        max,
        datasetSize);
    return new FeasibleSizes((int) low, high, multiple);
  }

  /** Every feasible size, ascending. */
  public IntStream sizes() {
    return IntStream.rangeClosed(min / multiple, max / multiple).map(k -> k * multiple);
  }

  /** True if {@code batchSize} is feasible. */
  public boolean contains(int batchSize) {
    return batchSize >= min && batchSize <= max && batchSize % multiple == 0;
  }
}
