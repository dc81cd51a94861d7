package org.trainer4j.optimizers;

import java.util.List;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/** Plain stochastic gradient descent: {@code w -= lr * g}. */
public final class SGD extends Optimizer {

  /** SGD with learning rate {@code lr} (Chainer's default is 0.01). */
  public SGD(double lr) {
    super(new Sgd(lr), List.of(LR));
  }

  @Override
  protected double read(IUpdater rule, String name) {
    return ((Sgd) rule).getLearningRate();
  }

  @Override
  protected void write(IUpdater rule, String name, double value) {
    ((Sgd) rule).setLearningRate(value);
  }
}
