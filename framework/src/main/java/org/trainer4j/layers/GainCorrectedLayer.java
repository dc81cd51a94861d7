package org.trainer4j.layers;

import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.layers.impl.GainCorrectedSameDiffLayer;
import org.trainer4j.layers.impl.InputShapeCheck;

/**
 * Base of trainer4j's SameDiff layer configurations: each runs on {@link
 * GainCorrectedSameDiffLayer}, because DL4J's stock SameDiff runtime doubles the gradients.
 */
public abstract class GainCorrectedLayer extends SameDiffLayer implements InputShapeCheck {

  /** For JSON deserialization. */
  protected GainCorrectedLayer() {}

  protected GainCorrectedLayer(Builder<?> builder) {
    super(builder);
  }

  /** Every shape passes unless a subclass says otherwise. */
  @Override
  public void checkInputShape(long[] shape) {}

  /**
   * Checks again what the builder checked, naming the layer: a configuration read from JSON (a
   * saved or hand-edited one) or changed through the setters never met the builder, and its bad
   * values failed later naming nothing (GroupNormalization with 0 groups: "/ by zero" in the first
   * forward pass). DL4J calls {@link #instantiate} for every layer when a network is initialized.
   */
  protected final void checkConfiguration() {
    try {
      checkHyperParameters();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + " '" + getLayerName() + "': " + e.getMessage(), e);
    }
  }

  /** The builder's checks of this layer's values, as IllegalArgumentExceptions; none here. */
  protected void checkHyperParameters() {}

  /**
   * Checks that the parameter shapes DL4J sized the network with are those the layer's values give.
   * The JSON holds both ("layerParams" is a cache of {@link #defineParameters}): a width edited
   * alone sized the parameters by the old shapes and the graph by the new ones, failing in ND4J
   * naming neither ("New shape length doesn't match original length").
   */
  private void checkParameterShapes() {
    SDLayerParams derived = new SDLayerParams();
    defineParameters(derived);
    SDLayerParams cached = getLayerParams();
    if (!derived.equals(cached)) {
      throw new IllegalArgumentException(
          String.format(
              "%s '%s': layerParams %s do not match the shapes its other values give, %s:"
                  + " layerParams is derived from them, so correct it too or delete it",
              getClass().getSimpleName(), getLayerName(), shapes(cached), shapes(derived)));
    }
  }

  private static String shapes(SDLayerParams params) {
    return params.getParameterKeys().stream()
        .map(key -> key + "=" + Arrays.toString(params.getParamShapes().get(key)))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners,
      int layerIndex,
      INDArray paramsView,
      boolean initializeParams,
      DataType dataType) {
    checkConfiguration();
    checkParameterShapes();
    return GainCorrectedSameDiffLayer.instantiate(
        this, conf, listeners, layerIndex, paramsView, initializeParams, dataType);
  }
}
