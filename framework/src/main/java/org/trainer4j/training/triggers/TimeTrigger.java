package org.trainer4j.training.triggers;

import com.google.common.base.Preconditions;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Trainer;

/**
 * Fires every {@code period} seconds of training time (the trainer's elapsed time), as Chainer's
 * TimeTrigger: when the elapsed time has passed the next due time, which then moves on by one
 * period. After a long gap it fires at each following question until it has caught up, once per
 * missed period. The next due time is serialized.
 */
public final class TimeTrigger extends CachedTrigger {

  private final double period;
  private double nextTime;

  public TimeTrigger(double periodSeconds) {
    Preconditions.checkArgument(
        periodSeconds > 0 && Double.isFinite(periodSeconds),
        "periodSeconds must be positive: %s",
        periodSeconds);
    this.period = periodSeconds;
    this.nextTime = periodSeconds;
  }

  @Override
  protected boolean compute(Trainer trainer) {
    return fires(trainer.getElapsedTime());
  }

  /** The rule itself, on an elapsed time in seconds: strictly past the due time, as Chainer's. */
  boolean fires(double elapsedSeconds) {
    if (nextTime < elapsedSeconds) {
      nextTime += period;
      return true;
    }
    return false;
  }

  @Override
  public void serialize(Serializer s) {
    nextTime = s.serializeDouble("next_time", nextTime);
    invalidate();
  }

  @Override
  public String toString() {
    return "TimeTrigger(" + period + " s)";
  }
}
