package org.trainer4j.layers;

import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
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

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners,
      int layerIndex,
      INDArray paramsView,
      boolean initializeParams,
      DataType dataType) {
    checkConfiguration();
    return GainCorrectedSameDiffLayer.instantiate(
        this, conf, listeners, layerIndex, paramsView, initializeParams, dataType);
  }
}
