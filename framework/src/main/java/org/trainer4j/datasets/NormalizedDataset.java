package org.trainer4j.datasets;

/** A dataset whose batches pass through a {@link ChannelStandardizer} as they are assembled. */
final class NormalizedDataset extends ForwardingDataset {

  private final ChannelStandardizer normalization;

  NormalizedDataset(Dataset base, ChannelStandardizer normalization) {
    super(base);
    this.normalization = normalization;
  }

  @Override
  public Batch get(int[] indices) {
    return normalized(delegate().get(indices));
  }

  @Override
  public Batch get(int[] indices, int[] epochs) {
    return normalized(delegate().get(indices, epochs));
  }

  private Batch normalized(Batch batch) {
    return new Batch(normalization.apply(batch.features()), batch.labels());
  }

  @Override
  public String describe() {
    return delegate().describe() + ", normalized per channel";
  }
}
