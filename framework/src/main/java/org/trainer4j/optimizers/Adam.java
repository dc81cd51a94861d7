package org.trainer4j.optimizers;

import com.google.common.base.Preconditions;
import java.util.List;
import org.nd4j.linalg.learning.config.IUpdater;

/** Adam (Kingma and Ba), with DL4J's bias-corrected implementation. */
public final class Adam extends Optimizer {

  public static final String BETA1 = "beta1";
  public static final String BETA2 = "beta2";
  public static final String EPS = "eps";

  /** Adam with Chainer's defaults: lr (alpha) 0.001, beta1 0.9, beta2 0.999, eps 1e-8. */
  public Adam() {
    this(0.001, 0.9, 0.999, 1e-8);
  }

  public Adam(double lr) {
    this(lr, 0.9, 0.999, 1e-8);
  }

  public Adam(double lr, double beta1, double beta2, double eps) {
    super(
        new org.nd4j.linalg.learning.config.Adam(lr, beta1, beta2, eps),
        List.of(LR, BETA1, BETA2, EPS));
  }

  @Override
  protected double read(IUpdater rule, String name) {
    var adam = (org.nd4j.linalg.learning.config.Adam) rule;
    return switch (name) {
      case LR -> adam.getLearningRate();
      case BETA1 -> adam.getBeta1();
      case BETA2 -> adam.getBeta2();
      case EPS -> adam.getEpsilon();
      default -> throw new IllegalArgumentException("unknown Adam hyperparameter " + name);
    };
  }

  @Override
  protected void write(IUpdater rule, String name, double value) {
    var adam = (org.nd4j.linalg.learning.config.Adam) rule;
    switch (name) {
      case LR -> adam.setLearningRate(value);
      case BETA1 -> adam.setBeta1(value);
      case BETA2 -> adam.setBeta2(value);
      case EPS -> adam.setEpsilon(value);
      default -> throw new IllegalArgumentException("unknown Adam hyperparameter " + name);
    }
  }

  @Override
  protected void checkValue(String name, double value) {
    super.checkValue(name, value);
    if (BETA1.equals(name) || BETA2.equals(name)) {
      Preconditions.checkArgument(value >= 0 && value < 1, "%s must be in [0, 1): %s", name, value);
    }
    if (EPS.equals(name)) {
      Preconditions.checkArgument(value > 0, "eps must be positive: %s", value);
    }
  }
}
