package org.trainer4j.extensions.report;

import com.google.common.base.Preconditions;
import java.util.function.ToDoubleFunction;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Priority;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * Chainer's {@code observe_value}: reports {@code fn(trainer)} as the observation {@code key}, once
 * per epoch by default (WRITER priority, so reports made in the same iteration see it).
 */
public final class ObserveValue implements Extension {

  private final String key;
  private final ToDoubleFunction<Trainer> fn;

  public ObserveValue(String key, ToDoubleFunction<Trainer> fn) {
    Preconditions.checkArgument(key != null && !key.isEmpty(), "key must not be empty");
    this.key = key;
    this.fn = Preconditions.checkNotNull(fn, "fn");
  }

  @Override
  public void call(Trainer trainer) {
    trainer.getReporter().report(key, fn.applyAsDouble(trainer));
  }

  @Override
  public Trigger defaultTrigger() {
    return IntervalTrigger.epochs(1);
  }

  @Override
  public int defaultPriority() {
    return Priority.WRITER;
  }

  /** The observation key, which also names the extension by default. */
  @Override
  public String defaultName() {
    return "observe_" + key.replace('/', '_');
  }
}
