package org.trainer4j.layers;

import com.google.common.base.Preconditions;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base of the batch-independent normalizations that keep the input's shape and learn one scale
 * ({@code gamma}) and one shift ({@code beta}) per channel: dense activations {@code [n, C]} and
 * convolutional activations {@code [n, C, h, w]} (NCHW). Nothing here depends on the other examples
 * of the minibatch, so these layers behave the same for any batch size and need no synchronization
 * in data-parallel training.
 */
public abstract class ChannelNormalization extends GainCorrectedLayer {

  /** Parameter name of the per-channel scale. */
  public static final String GAMMA = "gamma";

  /** Parameter name of the per-channel shift. */
  public static final String BETA = "beta";

  private long nIn;
  private double eps = 1e-5;

  /** For JSON deserialization. */
  protected ChannelNormalization() {}

  protected ChannelNormalization(Builder<?> builder) {
    super(builder);
    this.nIn = builder.nIn;
    this.eps = builder.eps;
  }

  /** Number of channels (features of dense input); set from the input type when 0. */
  public long getNIn() {
    return nIn;
  }

  public void setNIn(long nIn) {
    this.nIn = nIn;
  }

  /** Added to variances before the square root. */
  public double getEps() {
    return eps;
  }

  public void setEps(double eps) {
    this.eps = eps;
  }

  // nIn 0 stands for "from the input type" only while the network is built: DL4J sets it first.
  @Override
  protected void checkHyperParameters() {
    checkEps(eps);
    checkChannels(nIn);
  }

  static void checkChannels(long nIn) {
    Preconditions.checkArgument(nIn > 0, "nIn must be positive: %s", nIn);
  }

  /** An infinite eps passes "> 0" and divides every input to 0: the layer outputs beta. */
  static void checkEps(double eps) {
    Preconditions.checkArgument(
        eps > 0 && Double.isFinite(eps), "eps must be a positive finite number: %s", eps);
  }

  /** Whether this layer has the per-channel {@code gamma} and {@code beta} parameters. */
  protected abstract boolean hasAffine();

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    channelsOf(inputType);
    return inputType;
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    if (nIn <= 0 || override) {
      nIn = channelsOf(inputType);
    }
  }

  @Override
  public void defineParameters(SDLayerParams params) {
    params.clear();
    if (hasAffine()) {
      // Declared as bias parameters so that weight decay configured for weights leaves them alone.
      params.addBiasParam(GAMMA, 1, nIn);
      params.addBiasParam(BETA, 1, nIn);
    }
  }

  @Override
  public void initializeParameters(Map<String, INDArray> params) {
    if (hasAffine()) {
      params.get(GAMMA).assign(1.0);
      params.get(BETA).assign(0.0);
    }
  }

  /**
   * Checks that {@code input} is dense or NCHW convolutional with {@code nIn} channels. The graph
   * is defined from the first input only, so {@link #checkInputShape} checks every later one.
   */
  protected final long[] checkInput(SDVariable input) {
    long[] shape = input.getShape();
    checkInputShape(shape);
    return shape;
  }

  @Override
  public void checkInputShape(long[] shape) {
    Preconditions.checkArgument(
        shape != null && (shape.length == 2 || shape.length == 4),
        "%s '%s' needs dense [n, C] or convolutional [n, C, h, w] input, got shape %s",
        getClass().getSimpleName(),
        getLayerName(),
        shape == null ? "unknown" : java.util.Arrays.toString(shape));
    Preconditions.checkArgument(
        shape[1] == nIn,
        "%s '%s' was configured for %s channels but its input has shape %s",
        getClass().getSimpleName(),
        getLayerName(),
        nIn,
        java.util.Arrays.toString(shape));
  }

  /** {@code perChannel} ({@code [1, C]}) reshaped to broadcast over input of {@code rank}. */
  protected static SDVariable broadcastable(SDVariable perChannel, long channels, int rank) {
    return rank == 4 ? perChannel.reshape(1, channels, 1, 1) : perChannel;
  }

  /** {@code x * gamma + beta} per channel. */
  protected final SDVariable affine(SDVariable x, Map<String, SDVariable> params, int rank) {
    return x.mul(broadcastable(params.get(GAMMA), nIn, rank))
        .add(broadcastable(params.get(BETA), nIn, rank));
  }

  private long channelsOf(InputType inputType) {
    if (inputType instanceof InputType.InputTypeFeedForward ff) {
      return ff.getSize();
    }
    if (inputType instanceof InputType.InputTypeConvolutional cnn) {
      Preconditions.checkArgument(
          cnn.getFormat() == CNN2DFormat.NCHW,
          "%s '%s' supports NCHW activations only, got %s",
          getClass().getSimpleName(),
          getLayerName(),
          cnn.getFormat());
      return cnn.getChannels();
    }
    throw new IllegalArgumentException(
        String.format(
            "%s '%s' needs feed-forward or convolutional (NCHW) input, got %s",
            getClass().getSimpleName(), getLayerName(), inputType));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChannelNormalization other
        && super.equals(o)
        && nIn == other.nIn
        && Double.compare(eps, other.eps) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), nIn, eps);
  }

  /** Builder fields shared by the channel normalizations. */
  @SuppressWarnings("unchecked")
  public abstract static class Builder<T extends Builder<T>> extends SameDiffLayer.Builder<T> {
    private long nIn;
    private double eps = 1e-5;

    /** Number of channels; optional when the network's input type is set. */
    public T nIn(long nIn) {
      checkChannels(nIn);
      this.nIn = nIn;
      return (T) this;
    }

    /** Added to variances before the square root (default 1e-5). */
    public T eps(double eps) {
      checkEps(eps);
      this.eps = eps;
      return (T) this;
    }

    protected long nIn() {
      return nIn;
    }
  }
}
