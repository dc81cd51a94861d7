package org.trainer4j.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.datasets.Batch;

/** A {@link Model} over a {@link MultiLayerNetwork}. */
final class MultiLayerModel extends NetworkModel<MultiLayerNetwork> {

  /**
   * The features shape last accepted: the check depends on the shape alone, and for an image
   * network it walks the layers' output types, which every batch of a training would repeat.
   */
  private volatile long[] acceptedShape;

  MultiLayerModel(MultiLayerNetwork network) {
    super(network);
  }

  @Override
  NetworkModel<MultiLayerNetwork> wrap(MultiLayerNetwork network) {
    return new MultiLayerModel(network);
  }

  @Override
  MultiLayerNetwork cloneNetwork() {
    return network.clone();
  }

  @Override
  MultiLayerNetwork restore(byte[] bytes) throws IOException {
    return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), true);
  }

  @Override
  Layer[] layerArray() {
    return network.getLayers();
  }

  @Override
  String paramPrefix(Layer layer) {
    return String.valueOf(layer.getIndex());
  }

  @Override
  void validateFeatures(INDArray features) {
    long[] shape = features.shape();
    if (Arrays.equals(shape, acceptedShape)) {
      return;
    }
    ModelShapes.validateFeatures(network, features);
    acceptedShape = shape.clone();
  }

  @Override
  void validateLabels(INDArray labels) {
    ModelShapes.validateLabels(network, labels);
  }

  @Override
  void fitNetwork(Batch batch) {
    network.fit(batch.toDataSet());
  }

  @Override
  void computeNetworkGradients(Batch batch) {
    network.setInput(batch.features());
    network.setLabels(batch.labels());
    network.computeGradientAndScore();
  }

  @Override
  Gradient networkGradient() {
    return network.gradient();
  }

  @Override
  INDArray flatGradients() {
    return network.getFlattenedGradients();
  }

  @Override
  void updateNetwork(Gradient gradient, int iteration, int epoch, int batchSize) {
    network
        .getUpdater()
        .update(network, gradient, iteration, epoch, batchSize, LayerWorkspaceMgr.noWorkspaces());
  }

  @Override
  void applyConstraints(int iteration, int epoch) {
    network.applyConstraints(iteration, epoch);
  }

  @Override
  INDArray networkOutput(INDArray features, boolean training) {
    return network.output(features, training);
  }

  @Override
  double score(Batch batch, boolean training) {
    return network.score(batch.toDataSet(), training);
  }

  @Override
  Prediction onePass(Batch batch, boolean training) {
    if (!(network.getOutputLayer() instanceof IOutputLayer outputLayer)) {
      // DL4J's score refuses such a network; let it say so
      return new Prediction(score(batch, training), networkOutput(batch.features(), training));
    }
    int last = network.getnLayers() - 1;
    // activations.get(i) is layer i's input; the last entry is the network's output
    List<INDArray> activations = network.feedForward(batch.features(), training);
    try {
      double loss =
          OutputLoss.score(
              outputLayer,
              network.getLayerWiseConfigurations().getInputPreProcess(last),
              activations.get(last),
              batch.labels(),
              network.calcRegularizationScore(true),
              training);
      return new Prediction(loss, activations.get(last + 1));
    } finally {
      network.clearLayersStates();
    }
  }

  @Override
  INDArray updaterStateView() {
    return network.getUpdater(true).getStateViewArray();
  }

  @Override
  void rebuildUpdater() {
    network.setUpdater(new MultiLayerUpdater(network));
  }

  @Override
  public int iterationCount() {
    return network.getIterationCount();
  }

  @Override
  public int epochCount() {
    return network.getEpochCount();
  }

  @Override
  void setCounters(int iterations, int epochs) {
    network.setIterationCount(iterations);
    network.setEpochCount(epochs);
  }

  @Override
  Collection<TrainingListener> listeners() {
    Collection<TrainingListener> listeners = network.getListeners();
    return listeners == null ? List.of() : listeners;
  }

  @Override
  void setListeners(List<TrainingListener> listeners) {
    network.setListeners(listeners);
  }
}
