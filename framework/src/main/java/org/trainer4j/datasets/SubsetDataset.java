package org.trainer4j.datasets;

import com.google.common.base.Preconditions;

/**
 * A view of some examples of another dataset, in a given order: example {@code i} of the subset is
 * example {@code indices[i]} of the base. Copies nothing; used for train/validation splits.
 */
public final class SubsetDataset implements Dataset {

  private final Dataset base;
  private final int[] indices;
  private final String description;

  private SubsetDataset(Dataset base, int[] indices, String description) {
    this.base = base;
    this.indices = indices;
    this.description = description;
  }

  /**
   * The examples of {@code base} at {@code indices} (copied; repeats allowed).
   *
   * @throws IndexOutOfBoundsException naming an index outside {@code base}
   */
  public static SubsetDataset of(Dataset base, int[] indices, String description) {
    Preconditions.checkNotNull(base, "base");
    Preconditions.checkNotNull(indices, "indices");
    Preconditions.checkArgument(indices.length > 0, "a subset needs at least one index");
    int n = base.size();
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] < 0 || indices[i] >= n) {
        throw new IndexOutOfBoundsException(
            "index " + indices[i] + " at position " + i + " is outside the base dataset of " + n);
      }
    }
    return new SubsetDataset(base, indices.clone(), description);
  }

  /** The first {@code n} examples of {@code base} (all of them if it has fewer), in order. */
  public static SubsetDataset first(Dataset base, int n) {
    Preconditions.checkNotNull(base, "base");
    Preconditions.checkArgument(n > 0, "n must be positive: %s", n);
    int size = Math.min(n, base.size());
    int[] indices = new int[size];
    for (int i = 0; i < size; i++) {
      indices[i] = i;
    }
    return new SubsetDataset(base, indices, "first " + size + " of " + base.describe());
  }

  /** The base dataset's indices of this subset's examples, copied. */
  public int[] indices() {
    return indices.clone();
  }

  public Dataset base() {
    return base;
  }

  @Override
  public int size() {
    return indices.length;
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
  public Batch get(int[] batchIndices) {
    return base.get(mapped(batchIndices));
  }

  @Override
  public Batch get(int[] batchIndices, int[] epochs) {
    return base.get(mapped(batchIndices), epochs);
  }

  private int[] mapped(int[] batchIndices) {
    Preconditions.checkNotNull(batchIndices, "batchIndices");
    int[] mapped = new int[batchIndices.length];
    for (int i = 0; i < batchIndices.length; i++) {
      int k = batchIndices[i];
      if (k < 0 || k >= indices.length) {
        throw new IndexOutOfBoundsException(
            "index " + k + " at position " + i + " is outside the subset of " + indices.length);
      }
      mapped[i] = indices[k];
    }
    return mapped;
  }

  @Override
  public String describe() {
    String what = description != null ? description : "subset";
    return what + " (" + indices.length + " of " + base.describe() + ")";
  }
}
