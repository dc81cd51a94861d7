package org.trainer4j.layers;

import com.google.common.base.Preconditions;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Group Normalization (Wu and He 2018): each example's channels are split into {@code groups}
 * groups, normalized over each group's channels and positions, then scaled and shifted per channel.
 * Independent of the batch, so it trains the same with 2 examples per device as with 256. Works on
 * dense ({@code [n, C]}) and convolutional NCHW ({@code [n, C, h, w]}) activations; {@code C} must
 * be divisible by {@code groups}. One group is {@link LayerNormalization}; C groups is Instance
 * Normalization.
 */
public class GroupNormalization extends ChannelNormalization {

  private int groups;
  private boolean affine = true;

  /** For JSON deserialization. */
  protected GroupNormalization() {}

  protected GroupNormalization(Builder builder) {
    super(builder);
    this.groups = builder.groups;
    this.affine = builder.affine;
    if (builder.nIn() > 0) {
      checkGroups(builder.nIn());
    }
  }

  public int getGroups() {
    return groups;
  }

  public void setGroups(int groups) {
    this.groups = groups;
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
  public void setNIn(InputType inputType, boolean override) {
    super.setNIn(inputType, override);
    checkConfiguration();
  }

  @Override
  public SDVariable defineLayer(
      SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
    long[] shape = checkInput(input);
    SDVariable normalized = GroupStatistics.normalize(sd, input, groups, getEps());
    return affine ? affine(normalized, params, shape.length) : normalized;
  }

  @Override
  protected void checkHyperParameters() {
    super.checkHyperParameters();
    checkGroupCount(groups);
    checkGroups(getNIn());
  }

  static void checkGroupCount(int groups) {
    Preconditions.checkArgument(groups > 0, "groups must be positive: %s", groups);
  }

  private void checkGroups(long channels) {
    Preconditions.checkArgument(
        channels % groups == 0, "%s channels cannot be split into %s groups", channels, groups);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupNormalization other
        && super.equals(o)
        && groups == other.groups
        && affine == other.affine;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), groups, affine);
  }

  /** Builds a {@link GroupNormalization}; {@code groups} is required. */
  public static final class Builder extends ChannelNormalization.Builder<Builder> {
    private int groups;
    private boolean affine = true;

    public Builder() {}

    public Builder(int groups) {
      groups(groups);
    }

    /** Number of channel groups (32 in the paper); must divide the channel count. */
    public Builder groups(int groups) {
      checkGroupCount(groups);
      this.groups = groups;
      return this;
    }

    /** Whether to learn a per-channel scale and shift (default true). */
    public Builder affine(boolean affine) {
      this.affine = affine;
      return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public GroupNormalization build() {
      Preconditions.checkState(groups > 0, "GroupNormalization needs groups(n)");
      return new GroupNormalization(this);
    }
  }
}
