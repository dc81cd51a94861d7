package org.trainer4j.optimizers;

import com.google.common.base.Preconditions;
import java.util.List;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * SGD with classical momentum, as Chainer's MomentumSGD: {@code v = momentum * v - lr * g; w += v}.
 * (DL4J only ships Nesterov momentum, a different rule.)
 */
public final class MomentumSGD extends Optimizer {

  public static final String MOMENTUM = "momentum";

  /** Momentum SGD with learning rate {@code lr} and {@code momentum} in [0, 1). */
  public MomentumSGD(double lr, double momentum) {
    super(new ClassicMomentum(lr, momentum), List.of(LR, MOMENTUM));
  }

  @Override
  protected double read(IUpdater rule, String name) {
    ClassicMomentum m = (ClassicMomentum) rule;
    return LR.equals(name) ? m.getLearningRate() : m.getMomentum();
  }

  @Override
  protected void write(IUpdater rule, String name, double value) {
    ClassicMomentum m = (ClassicMomentum) rule;
    if (LR.equals(name)) {
      m.setLearningRate(value);
    } else {
      m.setMomentum(value);
    }
  }

  @Override
  protected void checkValue(String name, double value) {
    super.checkValue(name, value);
    if (MOMENTUM.equals(name)) {
      Preconditions.checkArgument(value >= 0 && value < 1, "momentum must be in [0, 1): %s", value);
    }
  }
}
