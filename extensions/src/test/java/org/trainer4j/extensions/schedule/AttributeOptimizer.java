package org.trainer4j.extensions.schedule;

import java.util.List;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.trainer4j.optimizers.Optimizer;

/**
 * Chainer's shift tests use a mock optimizer with an attribute {@code x} that may be negative; this
 * optimizer has one, besides the learning rate every optimizer has. It drives no model.
 */
final class AttributeOptimizer extends Optimizer {

  static final String X = "x";

  // No DL4J rule has such an attribute, so it lives here.
  private double x;

  AttributeOptimizer(double x) {
    super(new Sgd(0.1), List.of(LR, X));
    this.x = x;
  }

  @Override
  protected double read(IUpdater rule, String name) {
    return X.equals(name) ? x : ((Sgd) rule).getLearningRate();
  }

  @Override
  protected void write(IUpdater rule, String name, double value) {
    if (X.equals(name)) {
      x = value;
    } else {
      ((Sgd) rule).setLearningRate(value);
    }
  }
}
