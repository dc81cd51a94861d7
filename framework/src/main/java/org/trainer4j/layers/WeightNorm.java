package org.trainer4j.layers;

/**
 * Weight Normalization (Salimans and Kingma 2016): a layer's weights reparameterized as {@code w =
 * g * v / ||v||}, one norm and one learned length {@code g} per output unit or output channel. It
 * decouples the length of each weight vector from its direction without any batch statistics. Entry
 * point to the two layers that implement it: {@link #dense()} and {@link #convolution(int, int)}.
 */
public final class WeightNorm {

  /** Parameter name of the direction {@code v}. */
  public static final String DIRECTION = "v";

  /** Parameter name of the per-output length {@code g}. */
  public static final String LENGTH = "g";

  /** Parameter name of the bias. */
  public static final String BIAS = "b";

  private WeightNorm() {}

  /** A builder of a weight-normalized dense layer. */
  public static WeightNormDense.Builder dense() {
    return new WeightNormDense.Builder();
  }

  /** A builder of a weight-normalized 2D convolution with a {@code kh x kw} kernel. */
  public static WeightNormConvolution.Builder convolution(int kh, int kw) {
    return new WeightNormConvolution.Builder().kernelSize(kh, kw);
  }
}
