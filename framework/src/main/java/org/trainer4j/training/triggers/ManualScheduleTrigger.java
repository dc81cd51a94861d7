package org.trainer4j.training.triggers;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Updater;

/**
 * Fires at the given epochs or iterations: when a point {@code p} satisfies {@code previous < p <=
 * current}. Finished once the last point has passed.
 */
public final class ManualScheduleTrigger extends CachedTrigger {

  private final double[] points;
  private final Unit unit;
  private boolean finished;

  private ManualScheduleTrigger(double[] points, Unit unit) {
    Preconditions.checkNotNull(points, "points");
    Preconditions.checkArgument(points.length > 0, "a schedule needs at least one point");
    Preconditions.checkNotNull(unit, "unit");
    this.points = points.clone();
    Arrays.sort(this.points);
    Preconditions.checkArgument(this.points[0] > 0, "points must be positive: %s", Arrays.toString(points));
    this.unit = unit;
  }

  public static ManualScheduleTrigger at(Unit unit, double... points) {
    return new ManualScheduleTrigger(points, unit);
  }

  @Override
  protected boolean compute(Trainer trainer) {
    Updater updater = trainer.getUpdater();
    double current;
    double previous;
    if (unit == Unit.ITERATION) {
      current = updater.getIteration();
      previous = current - 1;
    } else {
      current = updater.getEpochDetail();
      Double prev = updater.getPreviousEpochDetail();
      previous = prev == null ? current : prev;
    }
    finished = points[points.length - 1] <= current;
    if (updater.getIteration() == 0) {
      return false;
    }
    for (double p : points) {
      if (previous < p && p <= current) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean isFinished() {
    return finished;
  }

  @Override
  public void serialize(Serializer s) {
    finished = s.serializeBoolean("finished", finished);
    invalidate();
  }

  @Override
  public String toString() {
    return "ManualScheduleTrigger(" + Arrays.toString(points) + " " + unit + ")";
  }
}
