package org.trainer4j.layers.impl;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's SameDiff layer runtime with the gradient gain of {@link ExternalErrorsGain} removed: the
 * incoming error is divided by the gain before SameDiff doubles it back, so parameter and input
 * gradients are the true derivatives (checked by gradient checks). The trainer4j SameDiff layer
 * configurations instantiate this instead of the stock runtime.
 */
public class GainCorrectedSameDiffLayer extends SameDiffLayer {

  private final double gain = ExternalErrorsGain.get();

  public GainCorrectedSameDiffLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** What {@code SameDiffLayer.instantiate} does, with this runtime class. */
  public static Layer instantiate(
      org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer layerConf,
      NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners,
      int layerIndex,
      INDArray paramsView,
      boolean initializeParams,
      DataType dataType) {
    GainCorrectedSameDiffLayer layer = new GainCorrectedSameDiffLayer(conf, dataType);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(paramsView);
    Map<String, INDArray> params = layerConf.initializer().init(conf, paramsView, initializeParams);
    layer.setParamTable(params);
    layer.setConf(conf);
    if (listeners != null) {
      layer.setListeners(listeners);
    }
    return layer;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (input != null && conf().getLayer() instanceof InputShapeCheck layer) {
      layer.checkInputShape(input.shape());
    }
    return super.activate(training, workspaceMgr);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    return super.backpropGradient(gain == 1.0 ? epsilon : epsilon.div(gain), workspaceMgr);
  }
}
