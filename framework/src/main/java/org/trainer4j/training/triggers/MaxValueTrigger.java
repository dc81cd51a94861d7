package org.trainer4j.training.triggers;

import org.trainer4j.training.Trigger;

/** Fires when the interval average of a key reaches a new maximum (e.g. validation accuracy). */
public final class MaxValueTrigger extends BestValueTrigger {

  public MaxValueTrigger(String key, Trigger interval) {
    super(key, (current, best) -> current > best, interval);
  }

  /** Checks once per epoch. */
  public MaxValueTrigger(String key) {
    this(key, IntervalTrigger.epochs(1));
  }
}
