package org.trainer4j.training.triggers;

import com.google.common.base.Preconditions;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Trainer;

/** Fires every {@code period} seconds of training time (the trainer's elapsed time). */
public final class TimeTrigger extends CachedTrigger {

  private final double period;
  private double nextTime;

  public TimeTrigger(double periodSeconds) {
    Preconditions.checkArgument(
        periodSeconds > 0, "periodSeconds must be positive: %s", periodSeconds);
    this.period = periodSeconds;
    this.nextTime = periodSeconds;
  }

  @Override
  protected boolean compute(Trainer trainer) {
    if (trainer.getUpdater().getIteration() == 0 || trainer.getElapsedTime() < nextTime) {
      return false;
    }
    while (nextTime <= trainer.getElapsedTime()) {
      nextTime += period;
    }
    return true;
  }

  @Override
  public void serialize(Serializer s) {
    nextTime = s.serializeDouble("next_time", nextTime);
    invalidate();
  }
}
