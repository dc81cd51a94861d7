package org.trainer4j.layers;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * A 2D convolution (NCHW) with weight normalization: each output channel's kernel is {@code g_o v_o
 * / ||v_o||}. Parameters {@code v} ({@code [kh, kw, nIn, nOut]}), {@code g} and {@code b} ({@code
 * [1, nOut]}); {@code g} starts at {@code ||v_o||}. Supports stride, padding and DL4J's {@code
 * Truncate} and {@code Same} convolution modes. See {@link WeightNorm}.
 */
public class WeightNormConvolution extends WeightNormLayer {

  private int[] kernelSize = {3, 3};
  private int[] stride = {1, 1};
  private int[] padding = {0, 0};
  private ConvolutionMode convolutionMode = ConvolutionMode.Truncate;

  /** For JSON deserialization. */
  protected WeightNormConvolution() {}

  protected WeightNormConvolution(Builder builder) {
    super(builder);
    this.kernelSize = builder.kernelSize.clone();
    this.stride = builder.stride.clone();
    this.padding = builder.padding.clone();
    this.convolutionMode = builder.convolutionMode;
  }

  public int[] getKernelSize() {
    return copy(kernelSize);
  }

  public void setKernelSize(int[] kernelSize) {
    this.kernelSize = copy(kernelSize);
  }

  public int[] getStride() {
    return copy(stride);
  }

  public void setStride(int[] stride) {
    this.stride = copy(stride);
  }

  public int[] getPadding() {
    return copy(padding);
  }

  public void setPadding(int[] padding) {
    this.padding = copy(padding);
  }

  /**
   * A copy, or null for null: a JSON configuration may hold {@code null}, which {@link
   * #checkHyperParameters} then refuses naming the layer, instead of a NullPointerException inside
   * Jackson.
   */
  private static int[] copy(int[] values) {
    return values == null ? null : values.clone();
  }

  public ConvolutionMode getConvolutionMode() {
    return convolutionMode;
  }

  public void setConvolutionMode(ConvolutionMode convolutionMode) {
    this.convolutionMode = convolutionMode;
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return InputTypeUtil.getOutputTypeCnnLayers(
        inputType,
        kernelSize,
        stride,
        padding,
        new int[] {1, 1},
        convolutionMode,
        getNOut(),
        layerIndex,
        getLayerName(),
        CNN2DFormat.NCHW,
        WeightNormConvolution.class);
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    if (getNIn() <= 0 || override) {
      Preconditions.checkArgument(
          inputType instanceof InputType.InputTypeConvolutional c
              && c.getFormat() == CNN2DFormat.NCHW,
          "WeightNormConvolution '%s' needs convolutional NCHW input, got %s",
          getLayerName(),
          inputType);
      setNIn(((InputType.InputTypeConvolutional) inputType).getChannels());
    }
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return InputTypeUtil.getPreProcessorForInputTypeCnnLayers(inputType, getLayerName());
  }

  @Override
  protected int inputRank() {
    return 4;
  }

  @Override
  public void defineParameters(SDLayerParams params) {
    params.clear();
    params.addWeightParam(WeightNorm.DIRECTION, kernelSize[0], kernelSize[1], getNIn(), getNOut());
    params.addWeightParam(WeightNorm.LENGTH, 1, getNOut());
    params.addBiasParam(WeightNorm.BIAS, 1, getNOut());
  }

  @Override
  public void initializeParameters(Map<String, INDArray> params) {
    INDArray v = params.get(WeightNorm.DIRECTION);
    double area = (double) kernelSize[0] * kernelSize[1];
    WeightInitUtil.initWeights(
        getNIn() * area,
        getNOut() * area / ((double) stride[0] * stride[1]),
        v.shape(),
        weightInit == null ? WeightInit.XAVIER : weightInit,
        null,
        'c',
        v);
    initLengths(params.get(WeightNorm.LENGTH), v.norm2(0, 1, 2));
    params.get(WeightNorm.BIAS).assign(0.0);
  }

  @Override
  public SDVariable defineLayer(
      SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
    SDVariable v = params.get(WeightNorm.DIRECTION);
    SDVariable scale = params.get(WeightNorm.LENGTH).reshape(1, 1, 1, getNOut());
    SDVariable w = v.mul(scale.div(v.norm2(true, 0, 1, 2)));
    Conv2DConfig config =
        Conv2DConfig.builder()
            .kH(kernelSize[0])
            .kW(kernelSize[1])
            .sH(stride[0])
            .sW(stride[1])
            .pH(padding[0])
            .pW(padding[1])
            .dH(1)
            .dW(1)
            .paddingMode(
                convolutionMode == ConvolutionMode.Same ? PaddingMode.SAME : PaddingMode.VALID)
            .dataFormat("NCHW")
            .weightsFormat(WeightsFormat.YXIO)
            .build();
    SDVariable z =
        sd.cnn().conv2d(input, w, params.get(WeightNorm.BIAS).reshape(getNOut()), config);
    return getActivation().asSameDiff(sd, z);
  }

  @Override
  public WeightNormConvolution clone() {
    WeightNormConvolution clone = (WeightNormConvolution) super.clone();
    clone.kernelSize = copy(kernelSize);
    clone.stride = copy(stride);
    clone.padding = copy(padding);
    return clone;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WeightNormConvolution other
        && super.equals(o)
        && Arrays.equals(kernelSize, other.kernelSize)
        && Arrays.equals(stride, other.stride)
        && Arrays.equals(padding, other.padding)
        && convolutionMode == other.convolutionMode;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        super.hashCode(),
        Arrays.hashCode(kernelSize),
        Arrays.hashCode(stride),
        Arrays.hashCode(padding),
        convolutionMode);
  }

  @Override
  protected void checkHyperParameters() {
    super.checkHyperParameters();
    Preconditions.checkArgument(
        kernelSize != null
            && kernelSize.length == 2
            && stride != null
            && stride.length == 2
            && padding != null
            && padding.length == 2,
        "kernelSize, stride and padding must each have two values: %s, %s, %s",
        Arrays.toString(kernelSize),
        Arrays.toString(stride),
        Arrays.toString(padding));
    checkKernelSize(kernelSize[0], kernelSize[1]);
    checkStride(stride[0], stride[1]);
    checkPadding(padding[0], padding[1]);
    checkMode(convolutionMode);
  }

  private static void checkKernelSize(int kh, int kw) {
    Preconditions.checkArgument(kh > 0 && kw > 0, "kernel size must be positive: %sx%s", kh, kw);
  }

  private static void checkStride(int sh, int sw) {
    Preconditions.checkArgument(sh > 0 && sw > 0, "stride must be positive: %sx%s", sh, sw);
  }

  private static void checkPadding(int ph, int pw) {
    Preconditions.checkArgument(ph >= 0 && pw >= 0, "padding must not be negative: %sx%s", ph, pw);
  }

  private static void checkMode(ConvolutionMode mode) {
    Preconditions.checkArgument(
        mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Same,
        "convolutionMode must be Truncate or Same, got %s",
        mode);
  }

  /** Builds a {@link WeightNormConvolution}; {@code nOut} is required. */
  public static final class Builder extends WeightNormLayer.Builder<Builder> {
    private int[] kernelSize = {3, 3};
    private int[] stride = {1, 1};
    private int[] padding = {0, 0};
    private ConvolutionMode convolutionMode = ConvolutionMode.Truncate;

    public Builder kernelSize(int kh, int kw) {
      checkKernelSize(kh, kw);
      this.kernelSize = new int[] {kh, kw};
      return this;
    }

    public Builder stride(int sh, int sw) {
      checkStride(sh, sw);
      this.stride = new int[] {sh, sw};
      return this;
    }

    public Builder padding(int ph, int pw) {
      checkPadding(ph, pw);
      this.padding = new int[] {ph, pw};
      return this;
    }

    /** {@code Truncate} (default) or {@code Same}. */
    public Builder convolutionMode(ConvolutionMode mode) {
      checkMode(mode);
      this.convolutionMode = mode;
      return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public WeightNormConvolution build() {
      checkComplete("WeightNormConvolution");
      return new WeightNormConvolution(this);
    }
  }
}
