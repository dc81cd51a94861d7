package org.trainer4j.model;

import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The loss as DL4J's {@code score(DataSet, training)} computes it, from the output layer's input
 * taken out of a forward pass that already ran: only the output layer is evaluated again.
 */
final class OutputLoss {

  private OutputLoss() {}

  /**
   * @param input the output layer's input as the forward pass produced it, before {@code pre}
   * @param regularization the network's regularization term, added once as DL4J does
   */
  static double score(
      IOutputLayer outputLayer,
      InputPreProcessor pre,
      INDArray input,
      INDArray labels,
      double regularization,
      boolean training) {
    LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
    INDArray x = pre == null ? input : pre.preProcess(input, (int) labels.size(0), noWorkspaces);
    outputLayer.setInput(x, noWorkspaces);
    outputLayer.setLabels(labels);
    return outputLayer.computeScore(regularization, training, noWorkspaces);
  }
}
