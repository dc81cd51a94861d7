package org.trainer4j.layers;

import com.google.common.base.Preconditions;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.layers.impl.GainCorrectedSameDiffLayer;

/**
 * A dense layer with weight normalization: {@code out = phi(x W + b)} with column {@code j} of
 * {@code W} equal to {@code g_j v_j / ||v_j||}. Parameters {@code v} ({@code [nIn, nOut]}), {@code
 * g} and {@code b} ({@code [1, nOut]}); {@code g} starts at {@code ||v_j||}, so a new layer
 * computes what a dense layer with weights {@code v} would. See {@link WeightNorm}.
 */
public class WeightNormDense extends SameDiffLayer {

  private long nIn;
  private long nOut;
  private Activation activation = Activation.IDENTITY;

  /** For JSON deserialization. */
  protected WeightNormDense() {}

  protected WeightNormDense(Builder builder) {
    super(builder);
    this.nIn = builder.nIn;
    this.nOut = builder.nOut;
    this.activation = builder.activation;
  }

  public long getNIn() {
    return nIn;
  }

  public void setNIn(long nIn) {
    this.nIn = nIn;
  }

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

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners,
      int layerIndex,
      INDArray paramsView,
      boolean initializeParams,
      DataType dataType) {
    return GainCorrectedSameDiffLayer.instantiate(
        this, conf, listeners, layerIndex, paramsView, initializeParams, dataType);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return InputType.feedForward(nOut);
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    if (nIn <= 0 || override) {
      Preconditions.checkArgument(
          inputType instanceof InputType.InputTypeFeedForward
              || inputType instanceof InputType.InputTypeConvolutional
              || inputType instanceof InputType.InputTypeConvolutionalFlat,
          "WeightNormDense '%s' needs feed-forward or convolutional input, got %s",
          getLayerName(),
          inputType);
      nIn = inputType.arrayElementsPerExample();
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
  public void defineParameters(SDLayerParams params) {
    params.clear();
    params.addWeightParam(WeightNorm.DIRECTION, nIn, nOut);
    params.addWeightParam(WeightNorm.LENGTH, 1, nOut);
    params.addBiasParam(WeightNorm.BIAS, 1, nOut);
  }

  @Override
  public void initializeParameters(Map<String, INDArray> params) {
    INDArray v = params.get(WeightNorm.DIRECTION);
    initWeights((int) nIn, (int) nOut, weightInit == null ? WeightInit.XAVIER : weightInit, v);
    params.get(WeightNorm.LENGTH).assign(v.norm2(0).reshape(1, nOut));
    params.get(WeightNorm.BIAS).assign(0.0);
  }

  @Override
  public SDVariable defineLayer(
      SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
    SDVariable v = params.get(WeightNorm.DIRECTION);
    SDVariable w = v.mul(params.get(WeightNorm.LENGTH).div(v.norm2(true, 0)));
    SDVariable z = input.mmul(w).add(params.get(WeightNorm.BIAS));
    return activation.asSameDiff(sd, z);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WeightNormDense other
        && super.equals(o)
        && nIn == other.nIn
        && nOut == other.nOut
        && activation == other.activation;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), nIn, nOut, activation);
  }

  /** Builds a {@link WeightNormDense}; {@code nOut} is required. */
  public static final class Builder extends SameDiffLayer.Builder<Builder> {
    private long nIn;
    private long nOut;
    private Activation activation = Activation.IDENTITY;

    /** Input width; optional when the network's input type is set. */
    public Builder nIn(long nIn) {
      Preconditions.checkArgument(nIn > 0, "nIn must be positive: %s", nIn);
      this.nIn = nIn;
      return this;
    }

    public Builder nOut(long nOut) {
      Preconditions.checkArgument(nOut > 0, "nOut must be positive: %s", nOut);
      this.nOut = nOut;
      return this;
    }

    /** Activation after the affine map (default identity). */
    public Builder activation(Activation activation) {
      Preconditions.checkNotNull(activation, "activation");
      this.activation = activation;
      return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public WeightNormDense build() {
      Preconditions.checkState(nOut > 0, "WeightNormDense needs nOut(n)");
      return new WeightNormDense(this);
    }
  }
}
