package org.trainer4j.layers;

import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.layers.impl.GainCorrectedSameDiffLayer;

/**
 * Base of trainer4j's SameDiff layer configurations: each runs on {@link
 * GainCorrectedSameDiffLayer}, because DL4J's stock SameDiff runtime doubles the gradients.
 */
public abstract class GainCorrectedLayer extends SameDiffLayer {

  /** For JSON deserialization. */
  protected GainCorrectedLayer() {}

  protected GainCorrectedLayer(Builder<?> builder) {
    super(builder);
  }

  /**
   * Refuses an input of {@code shape} that the layer cannot take, with a message naming the layer
   * and the shape. The runtime calls it before every forward pass, since SameDiff's own errors ("Op
   * matmul ... failed to execute") name neither. By default every shape passes.
   */
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
