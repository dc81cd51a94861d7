package org.trainer4j.testing;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The identity, counting how often a layer is run forward: placed in a hidden layer it tells how
 * many passes through the network a call took.
 */
public final class CountingActivation extends BaseActivationFunction {

  private int forwardPasses;

  public int forwardPasses() {
    return forwardPasses;
  }

  @Override
  public INDArray getActivation(INDArray in, boolean training) {
    forwardPasses++;
    return in;
  }

  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    return new Pair<>(epsilon, null);
  }

  @Override
  public String toString() {
    return "counting-identity";
  }
}
