package org.trainer4j.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.datasets.Batch;

/**
 * A {@link Model} over a {@link ComputationGraph} with one input; its first output is the one
 * {@link #output} returns. Batches are not shape-checked beyond what DL4J checks.
 */
final class GraphModel extends NetworkModel<ComputationGraph> {

  GraphModel(ComputationGraph graph) {
    super(graph);
  }

  @Override
  NetworkModel<ComputationGraph> wrap(ComputationGraph graph) {
    return new GraphModel(graph);
  }

  /**
   * What {@link ComputationGraph#clone()} does, except that the clone gets a listener collection of
   * its own (holding the same listeners): DL4J's clone shares the original's collection, so the
   * accuracy probe attached to one network for a step would show up in the other, and replicas
   * training in parallel would edit one collection from several threads.
   */
  @Override
  ComputationGraph cloneNetwork() {
    ComputationGraph clone = new ComputationGraph(network.getConfiguration().clone());
    clone.init(network.params().dup(), false);
    for (GraphVertex vertex : network.getVertices()) {
      if (vertex.hasLayer() && vertex.getLayer() instanceof FrozenLayer) {
        clone.getVertex(vertex.getVertexName()).setLayerAsFrozen();
      }
    }
    clone.setListeners(new ArrayList<>(listeners()));
    return clone;
  }

  @Override
  ComputationGraph restore(byte[] bytes) throws IOException {
    return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), true);
  }

  @Override
  Layer[] layerArray() {
    return network.getLayers();
  }

  @Override
  String paramPrefix(Layer layer) {
    return layer.conf().getLayer().getLayerName();
  }

  @Override
  void validateFeatures(INDArray features) {}

  @Override
  void validateLabels(INDArray labels) {}

  @Override
  void fitNetwork(Batch batch) {
    network.fit(batch.toDataSet());
  }

  @Override
  void computeNetworkGradients(Batch batch) {
    network.setInputs(batch.features());
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
        .update(gradient, iteration, epoch, batchSize, LayerWorkspaceMgr.noWorkspaces());
  }

  @Override
  void applyConstraints(int iteration, int epoch) {
    network.applyConstraints(iteration, epoch);
  }

  @Override
  INDArray networkOutput(INDArray features, boolean training) {
    return network.output(training, features)[0];
  }

  @Override
  double score(Batch batch, boolean training) {
    return network.score(batch.toDataSet(), training);
  }

  /**
   * One pass when the graph has a single output, an output layer fed by one vertex; otherwise
   * (several outputs, whose losses DL4J sums, or an output vertex that is no layer) two passes.
   */
  @Override
  Prediction onePass(Batch batch, boolean training) {
    var conf = network.getConfiguration();
    List<String> outputs = conf.getNetworkOutputs();
    String output = outputs.get(0);
    List<String> inputs = conf.getVertexInputs().get(output);
    if (outputs.size() != 1
        || !(conf.getVertices().get(output) instanceof LayerVertex vertex)
        || !(network.getLayer(output) instanceof IOutputLayer outputLayer)
        || inputs == null
        || inputs.size() != 1) {
      return new Prediction(score(batch, training), networkOutput(batch.features(), training));
    }
    Map<String, INDArray> activations =
        network.feedForward(new INDArray[] {batch.features()}, training);
    try {
      double loss =
          OutputLoss.score(
              outputLayer,
              vertex.getPreProcessor(),
              activations.get(inputs.get(0)),
              batch.labels(),
              network.calcRegularizationScore(true),
              training);
      return new Prediction(loss, activations.get(output));
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
    network.setUpdater(new ComputationGraphUpdater(network));
  }

  @Override
  public int iterationCount() {
    return network.getConfiguration().getIterationCount();
  }

  @Override
  public int epochCount() {
    return network.getConfiguration().getEpochCount();
  }

  @Override
  void setCounters(int iterations, int epochs) {
    network.getConfiguration().setIterationCount(iterations);
    network.getConfiguration().setEpochCount(epochs);
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
