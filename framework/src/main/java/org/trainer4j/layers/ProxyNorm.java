package org.trainer4j.layers;

import com.google.common.base.Preconditions;
import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Proxy Normalization (Labatie et al., seed 004): the per-channel affine and activation that follow
 * a batch-independent normalization, with the activation's output normalized by the mean and
 * variance of a Gaussian proxy fed through the same affine and activation: {@code y = phi(gamma * x
 * + beta)}, {@code z_i = phi(gamma * u_i + beta)} for {@code proxySize} Gaussian quantiles {@code
 * u_i}, {@code out = (y - mean(z)) / sqrt(var(z) + eps)}. This restores channel-wise normalization
 * without batch statistics. Put it after a {@link GroupNormalization} (few groups) or {@link
 * LayerNormalization} built with {@code affine(false)}.
 */
public class ProxyNorm extends ChannelNormalization {

  private Activation activation = Activation.RELU;
  private int proxySize = 256;

  /** For JSON deserialization. */
  protected ProxyNorm() {}

  protected ProxyNorm(Builder builder) {
    super(builder);
    this.activation = builder.activation;
    this.proxySize = builder.proxySize;
  }

  /** The activation {@code phi} applied to the real input and to the proxy. */
  public Activation getActivation() {
    return activation;
  }

  public void setActivation(Activation activation) {
    this.activation = activation;
  }

  /** Number of Gaussian quantiles in the proxy. */
  public int getProxySize() {
    return proxySize;
  }

  public void setProxySize(int proxySize) {
    this.proxySize = proxySize;
  }

  @Override
  protected void checkHyperParameters() {
    super.checkHyperParameters();
    Preconditions.checkArgument(activation != null, "activation must be set");
    checkActivation(activation);
    checkProxySize(proxySize);
  }

  // Softmax couples the values of a row (the channels of dense input, the widths of a
  // convolutional one), while the proxy stands for one channel at a time: its statistics would not
  // be those of the output they normalize.
  static void checkActivation(Activation activation) {
    Preconditions.checkArgument(
        activation != Activation.SOFTMAX,
        "ProxyNorm activation must act on each value alone, got %s",
        activation);
  }

  static void checkProxySize(int proxySize) {
    Preconditions.checkArgument(proxySize > 1, "proxySize must be at least 2: %s", proxySize);
  }

  @Override
  protected boolean hasAffine() {
    return true;
  }

  @Override
  public SDVariable defineLayer(
      SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
    long[] shape = checkInput(input);
    int rank = shape.length;
    SDVariable y = activation.asSameDiff(sd, affine(input, params, rank));
    SDVariable u =
        sd.constant(
            Nd4j.createFromArray(GaussianQuantiles.of(proxySize))
                .reshape(proxySize, 1)
                .castTo(input.dataType()));
    SDVariable proxy =
        activation.asSameDiff(sd, u.mul(params.get(GAMMA)).add(params.get(BETA))); // [n, C]
    SDVariable proxyMean = proxy.mean(true, 0);
    SDVariable proxyVar = sd.math().square(proxy.sub(proxyMean)).mean(true, 0);
    SDVariable proxyStd = sd.math().sqrt(proxyVar.add(getEps()));
    return y.sub(broadcastable(proxyMean, getNIn(), rank))
        .div(broadcastable(proxyStd, getNIn(), rank));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProxyNorm other
        && super.equals(o)
        && activation == other.activation
        && proxySize == other.proxySize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), activation, proxySize);
  }

  /** Builds a {@link ProxyNorm}. */
  public static final class Builder extends ChannelNormalization.Builder<Builder> {
    private Activation activation = Activation.RELU;
    private int proxySize = 256;

    /**
     * The activation {@code phi} (default ReLU); the layer applies it, so none should follow. It
     * must act on each value alone, so not {@code SOFTMAX}.
     */
    public Builder activation(Activation activation) {
      Preconditions.checkNotNull(activation, "activation");
      checkActivation(activation);
      this.activation = activation;
      return this;
    }

    /** Number of Gaussian quantiles in the proxy (default 256). */
    public Builder proxySize(int proxySize) {
      checkProxySize(proxySize);
      this.proxySize = proxySize;
      return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public ProxyNorm build() {
      return new ProxyNorm(this);
    }
  }
}
