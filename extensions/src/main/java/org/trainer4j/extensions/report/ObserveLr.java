package org.trainer4j.extensions.report;

import com.google.common.base.Preconditions;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Priority;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * Chainer's {@code observe_lr}: reports an optimizer's learning rate (or any of its
 * hyperparameters) as an observation, {@code lr} by default, once per epoch.
 */
public final class ObserveLr implements Extension {

  private final String optimizerName;
  private final String hyperparameter;
  private final String key;

  private ObserveLr(String optimizerName, String hyperparameter, String key) {
    this.optimizerName = Preconditions.checkNotNull(optimizerName, "optimizerName");
    this.hyperparameter = Preconditions.checkNotNull(hyperparameter, "hyperparameter");
    Preconditions.checkArgument(key != null && !key.isEmpty(), "key must not be empty");
    this.key = key;
  }

  /** Observes the main optimizer's learning rate as {@code lr}. */
  public ObserveLr() {
    this("main", Optimizer.LR, "lr");
  }

  /**
   * Observes hyperparameter {@code hyperparameter} of optimizer {@code optimizerName} as {@code
   * key}.
   */
  public static ObserveLr of(String optimizerName, String hyperparameter, String key) {
    return new ObserveLr(optimizerName, hyperparameter, key);
  }

  @Override
  public void call(Trainer trainer) {
    double value = trainer.getUpdater().getOptimizer(optimizerName).get(hyperparameter);
    trainer.getReporter().report(key, value);
  }

  @Override
  public Trigger defaultTrigger() {
    return IntervalTrigger.epochs(1);
  }

  @Override
  public int defaultPriority() {
    return Priority.WRITER;
  }
}
