package org.trainer4j.samples.tuning;

import com.google.common.base.Preconditions;
import org.trainer4j.datasets.Batch;
import org.trainer4j.datasets.Dataset;

/**
 * A dataset of {@code size} examples that repeats a smaller one ({@code i -> i mod base}): an epoch
 * of realistic length for timing, without holding a full-size synthetic set in memory.
 */
final class TiledDataset implements Dataset {

  private final Dataset base;
  private final int size;

  TiledDataset(Dataset base, int size) {
    this.base = Preconditions.checkNotNull(base, "base");
    Preconditions.checkArgument(size > 0, "size must be positive: %s", size);
    this.size = size;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public long[] exampleShape() {
    return base.exampleShape();
  }

  @Override
  public int labelWidth() {
    return base.labelWidth();
  }

  @Override
  public Batch get(int[] indices) {
    int[] mapped = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      Preconditions.checkElementIndex(indices[i], size, "index");
      mapped[i] = indices[i] % base.size();
    }
    return base.get(mapped);
  }

  @Override
  public String describe() {
    return base.describe() + ", tiled to " + size + " examples per epoch";
  }
}
