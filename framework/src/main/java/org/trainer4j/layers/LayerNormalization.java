package org.trainer4j.layers;

import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Layer Normalization (Ba et al. 2016) as a standalone layer: each example is normalized over all
 * its channels (and positions, for convolutional NCHW input), then scaled and shifted per channel.
 * DL4J only offers it inside {@code DenseLayer}; this one also follows convolutions. Independent of
 * the batch. Equivalent to {@link GroupNormalization} with one group.
 */
public class LayerNormalization extends ChannelNormalization {

  private boolean affine = true;

  /** For JSON deserialization. */
  protected LayerNormalization() {}

  protected LayerNormalization(Builder builder) {
    super(builder);
    this.affine = builder.affine;
  }

  /** False when the per-channel scale and shift are left to a following layer (ProxyNorm). */
  public boolean isAffine() {
    return affine;
  }

  public void setAffine(boolean affine) {
    this.affine = affine;
  }

  @Override
  protected boolean hasAffine() {
    return affine;
  }

  @Override
  public SDVariable defineLayer(
      SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
    long[] shape = checkInput(input);
    SDVariable normalized = GroupStatistics.normalize(sd, input, 1, getEps());
    return affine ? affine(normalized, params, shape.length) : normalized;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LayerNormalization other && super.equals(o) && affine == other.affine;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), affine);
  }

  /** Builds a {@link LayerNormalization}. */
  public static final class Builder extends ChannelNormalization.Builder<Builder> {
    private boolean affine = true;

    /** Whether to learn a per-channel scale and shift (default true). */
    public Builder affine(boolean affine) {
      this.affine = affine;
      return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public LayerNormalization build() {
      return new LayerNormalization(this);
    }
  }
}
