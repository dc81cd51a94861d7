package org.trainer4j.optimizers;

import java.util.Map;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/** Plain stochastic gradient descent: {@code w -= lr * g}. */
public final class SGD extends Optimizer {

  /** SGD with learning rate {@code lr} (Chainer's default is 0.01). */
  public SGD(double lr) {
    super(Map.of(LR, lr));
  }

  @Override
  protected IUpdater createUpdater() {
    return new Sgd(get(LR));
  }

  @Override
  protected void apply(IUpdater updater, String name, double value) {
    ((Sgd) updater).setLearningRate(value);
  }
}
