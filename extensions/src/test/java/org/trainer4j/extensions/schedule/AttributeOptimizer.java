package org.trainer4j.extensions.schedule;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.trainer4j.optimizers.Optimizer;

/**
 * Chainer's shift tests use a mock optimizer with an attribute {@code x} that may be negative; this
 * optimizer has one, besides the learning rate every optimizer has. It drives no model.
 */
final class AttributeOptimizer extends Optimizer {

  static final String X = "x";

  AttributeOptimizer(double x) {
    super(defaults(x));
  }

  private static Map<String, Double> defaults(double x) {
    Map<String, Double> defaults = new LinkedHashMap<>();
    defaults.put(LR, 0.1);
    defaults.put(X, x);
    return defaults;
  }

  @Override
  protected IUpdater createUpdater() {
    return new Sgd(getLearningRate());
  }

  @Override
  protected void apply(IUpdater updater, String name, double value) {}
}
