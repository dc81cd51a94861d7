package org.trainer4j.datasets;

/** A dataset whose batches pass through a {@link ChannelNormalization} as they are assembled. */
final class NormalizedDataset implements Dataset {

  private final Dataset base;
  private final ChannelNormalization normalization;

  NormalizedDataset(Dataset base, ChannelNormalization normalization) {
    this.base = base;
    this.normalization = normalization;
  }

  @Override
  public int size() {
    return base.size();
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
    Batch batch = base.get(indices);
    return new Batch(normalization.apply(batch.features()), batch.labels());
  }

  @Override
  public String describe() {
    return base.describe() + ", normalized per channel";
  }
}
