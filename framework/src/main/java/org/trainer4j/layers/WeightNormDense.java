package org.trainer4j.layers;

import com.google.common.base.Preconditions;
import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense layer with weight normalization: {@code out = phi(x W + b)} with column {@code j} of
 * {@code W} equal to {@code g_j v_j / ||v_j||}. Parameters {@code v} ({@code [nIn, nOut]}), {@code
 * g} and {@code b} ({@code [1, nOut]}); {@code g} starts at {@code ||v_j||}, so a new layer
 * computes what a dense layer with weights {@code v} would. See {@link WeightNorm}.
 */
public class WeightNormDense extends WeightNormLayer {

  /** For JSON deserialization. */
  protected WeightNormDense() {}

  protected WeightNormDense(Builder builder) {
    super(builder);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return InputType.feedForward(getNOut());
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    if (getNIn() <= 0 || override) {
      Preconditions.checkArgument(
          inputType instanceof InputType.InputTypeFeedForward
              || inputType instanceof InputType.InputTypeConvolutional
              || inputType instanceof InputType.InputTypeConvolutionalFlat,
          "WeightNormDense '%s' needs feed-forward or convolutional input, got %s",
          getLayerName(),
          inputType);
      setNIn(inputType.arrayElementsPerExample());
    }
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    if (inputType instanceof InputType.InputTypeConvolutional c) {
      return new CnnToFeedForwardPreProcessor(
          c.getHeight(), c.getWidth(), c.getChannels(), c.getFormat());
    }
    return null;
  }

  @Override
  protected int inputRank() {
    return 2;
  }

  @Override
  public void defineParameters(SDLayerParams params) {
    params.clear();
    params.addWeightParam(WeightNorm.DIRECTION, getNIn(), getNOut());
    params.addWeightParam(WeightNorm.LENGTH, 1, getNOut());
    params.addBiasParam(WeightNorm.BIAS, 1, getNOut());
  }

  @Override
  public void initializeParameters(Map<String, INDArray> params) {
    INDArray v = params.get(WeightNorm.DIRECTION);
    initWeights(
        (int) getNIn(), (int) getNOut(), weightInit == null ? WeightInit.XAVIER : weightInit, v);
    initLengths(params.get(WeightNorm.LENGTH), v.norm2(0));
    params.get(WeightNorm.BIAS).assign(0.0);
  }

  @Override
  public SDVariable defineLayer(
      SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
    SDVariable v = params.get(WeightNorm.DIRECTION);
    SDVariable w = v.mul(params.get(WeightNorm.LENGTH).div(v.norm2(true, 0)));
    SDVariable z = input.mmul(w).add(params.get(WeightNorm.BIAS));
    return getActivation().asSameDiff(sd, z);
  }

  /** Builds a {@link WeightNormDense}; {@code nOut} is required. */
  public static final class Builder extends WeightNormLayer.Builder<Builder> {
    @Override
    @SuppressWarnings("unchecked")
    public WeightNormDense build() {
      checkComplete("WeightNormDense");
      return new WeightNormDense(this);
    }
  }
}
