package org.trainer4j.training.triggers;

import org.trainer4j.training.Trigger;

/** Fires when the interval average of a key reaches a new minimum (e.g. validation loss). */
public final class MinValueTrigger extends BestValueTrigger {

  public MinValueTrigger(String key, Trigger interval) {
    super(key, (current, best) -> current < best, interval);
  }

  /** Checks once per epoch. */
  public MinValueTrigger(String key) {
    this(key, IntervalTrigger.epochs(1));
  }
}
