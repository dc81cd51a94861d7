package org.trainer4j.layers;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the weight-normalized layers share: input and output widths and the activation after the
 * affine map. See {@link WeightNorm}.
 */
public abstract class WeightNormLayer extends GainCorrectedLayer {

  private long nIn;
  private long nOut;
  private Activation activation = Activation.IDENTITY;

  /** For JSON deserialization. */
  protected WeightNormLayer() {}

  protected WeightNormLayer(Builder<?> builder) {
    super(builder);
    this.nIn = builder.nIn;
    this.nOut = builder.nOut;
    this.activation = builder.activation;
  }

  /** Input width (features or channels); set from the network's input type when 0. */
  public long getNIn() {
    return nIn;
  }

  public void setNIn(long nIn) {
    this.nIn = nIn;
  }

  /** Output width (features or channels). */
  public long getNOut() {
    return nOut;
  }

  public void setNOut(long nOut) {
    this.nOut = nOut;
  }

  public Activation getActivation() {
    return activation;
  }

  public void setActivation(Activation activation) {
    this.activation = activation;
  }

  /**
   * Sets {@code g} to the initial direction lengths {@code lengths}, refusing a zero length: {@code
   * w = g v / ||v||} is 0/0 there, so the layer would output NaN from its first call.
   */
  protected final void initLengths(INDArray g, INDArray lengths) {
    Preconditions.checkState(
        lengths.minNumber().doubleValue() > 0,
        "%s '%s' cannot start from zero weights (weightInit %s): w = g v/||v|| is undefined for a"
            + " zero v; use a random initialization such as XAVIER",
        getClass().getSimpleName(),
        getLayerName(),
        weightInit);
    g.assign(lengths.reshape(1, nOut));
  }

  @Override
  protected void checkHyperParameters() {
    checkWidth("nIn", nIn);
    checkWidth("nOut", nOut);
    Preconditions.checkArgument(activation != null, "activation must be set");
  }

  static void checkWidth(String name, long width) {
    Preconditions.checkArgument(width > 0, "%s must be positive: %s", name, width);
  }

  /** 2 for input {@code [n, nIn]}, 4 for input {@code [n, nIn, h, w]}. */
  protected abstract int inputRank();

  @Override
  public void checkInputShape(long[] shape) {
    int rank = inputRank();
    Preconditions.checkArgument(
        shape.length == rank && shape[1] == nIn,
        "%s '%s' needs input of shape [n, %s%s], got %s",
        getClass().getSimpleName(),
        getLayerName(),
        nIn,
        rank == 4 ? ", h, w" : "",
        Arrays.toString(shape));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WeightNormLayer other
        && getClass() == o.getClass()
        && super.equals(o)
        && nIn == other.nIn
        && nOut == other.nOut
        && activation == other.activation;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), nIn, nOut, activation);
  }

  /** The widths and activation of a weight-normalized layer; {@code nOut} is required. */
  public abstract static class Builder<B extends Builder<B>>
      extends org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer.Builder<B> {
    private long nIn;
    private long nOut;
    private Activation activation = Activation.IDENTITY;

    /** Input width; optional when the network's input type is set. */
    public B nIn(long nIn) {
      checkWidth("nIn", nIn);
      this.nIn = nIn;
      return self();
    }

    public B nOut(long nOut) {
      checkWidth("nOut", nOut);
      this.nOut = nOut;
      return self();
    }

    /** Activation after the affine map (default identity). */
    public B activation(Activation activation) {
      Preconditions.checkNotNull(activation, "activation");
      this.activation = activation;
      return self();
    }

    /** Fails unless {@code nOut} was set; {@code layer} names the layer class in the message. */
    protected void checkComplete(String layer) {
      Preconditions.checkState(nOut > 0, "%s needs nOut(n)", layer);
    }

    @SuppressWarnings("unchecked")
    private B self() {
      return (B) this;
    }
  }
}
