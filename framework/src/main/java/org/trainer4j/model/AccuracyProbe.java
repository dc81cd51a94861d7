package org.trainer4j.model;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures training accuracy from the forward pass DL4J already runs inside {@code fit}: it sees
 * the input of the output layer and evaluates only that last layer, so reporting accuracy costs one
 * small layer instead of a second forward pass through the whole network. The model attaches it to
 * the network only for the duration of its own step ({@link NetworkModel}).
 */
final class AccuracyProbe extends BaseTrainingListener {

  private final Accuracy metric = new Accuracy();
  private INDArray labels;
  private double accuracy = Double.NaN;

  /** Arms the probe for the next step with that step's labels. */
  void expect(INDArray labels) {
    this.labels = metric.appliesTo(labels) ? labels : null;
    this.accuracy = Double.NaN;
  }

  /** Accuracy of the last step, NaN if it could not be measured. */
  double lastAccuracy() {
    return accuracy;
  }

  @Override
  public void onForwardPass(org.deeplearning4j.nn.api.Model model, List<INDArray> activations) {
    if (labels == null || !(model instanceof MultiLayerNetwork net) || activations.isEmpty()) {
      return;
    }
    int last = net.getnLayers() - 1;
    INDArray input = activations.get(activations.size() - 1);
    InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(last);
    measure(net.getOutputLayer(), pre, input, net.getInputMiniBatchSize());
  }

  @Override
  public void onForwardPass(
      org.deeplearning4j.nn.api.Model model, Map<String, INDArray> activations) {
    if (labels == null || !(model instanceof ComputationGraph graph)) {
      return;
    }
    String output = graph.getConfiguration().getNetworkOutputs().get(0);
    List<String> inputs = graph.getConfiguration().getVertexInputs().get(output);
    GraphVertex vertex = graph.getConfiguration().getVertices().get(output);
    if (inputs == null || inputs.size() != 1 || !activations.containsKey(inputs.get(0))) {
      return;
    }
    InputPreProcessor pre = vertex instanceof LayerVertex lv ? lv.getPreProcessor() : null;
    measure(graph.getLayer(output), pre, activations.get(inputs.get(0)), (int) labels.size(0));
  }

  // The workspace scope is entered for its side effect: allocations below land outside DL4J's
  // training workspaces, which are reset after the forward pass.
  @SuppressWarnings("try")
  private void measure(Layer outputLayer, InputPreProcessor pre, INDArray input, int batch) {
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
      INDArray x = pre == null ? input : pre.preProcess(input, batch, mgr);
      accuracy = metric.mean(outputLayer.activate(x, false, mgr), labels);
    }
  }
}
