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
}
