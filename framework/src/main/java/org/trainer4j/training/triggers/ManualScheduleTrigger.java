package org.trainer4j.training.triggers;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Updater;

/**
 * Fires at the given epochs or iterations, as Chainer's ManualScheduleTrigger: when a point {@code
 * p} satisfies {@code previous < p <= current}, where {@code previous} is the position at which the
 * trigger was last asked (so a trigger asked only now and then still fires once for each point it
 * passed). Finished once it has fired for the last point. Its last position and the finished flag
 * are serialized.
 */
public final class ManualScheduleTrigger extends CachedTrigger {

  private final double[] points;
  private final Unit unit;
  private final LastPosition last = new LastPosition();
  private boolean finished;

  /** Set when a state without the finished flag was loaded: the next question decides it. */
  private boolean finishedUnknown;

  private ManualScheduleTrigger(double[] points, Unit unit) {
    Preconditions.checkNotNull(points, "points");
    Preconditions.checkArgument(points.length > 0, "a schedule needs at least one point");
    Preconditions.checkNotNull(unit, "unit");
    this.points = points.clone();
    Arrays.sort(this.points);
    Preconditions.checkArgument(
        this.points[0] > 0, "points must be positive: %s", Arrays.toString(points));
    // A NaN sorts last and was never reached, so the trigger never reported itself finished.
    Preconditions.checkArgument(
        Double.isFinite(this.points[this.points.length - 1]),
        "points must be finite: %s",
        Arrays.toString(points));
    Preconditions.checkArgument(
        unit != Unit.ITERATION || Arrays.stream(this.points).allMatch(p -> p == Math.rint(p)),
        "points in iterations must be whole numbers: %s",
        Arrays.toString(points));
    this.unit = unit;
  }

  public static ManualScheduleTrigger at(Unit unit, double... points) {
    return new ManualScheduleTrigger(points, unit);
  }

  @Override
  protected boolean compute(Trainer trainer) {
    Updater updater = trainer.getUpdater();
    double epochDetail = updater.getEpochDetail();
    double current;
    double previous;
    if (unit == Unit.ITERATION) {
      current = updater.getIteration();
      previous = last.previousIteration(updater.getIteration());
    } else {
      current = epochDetail;
      previous = last.previousEpochDetail(updater);
    }
    boolean fire = false;
    for (double p : points) {
      fire |= previous < p && p <= current;
    }
    double lastPoint = points[points.length - 1];
    if ((fire || finishedUnknown) && current >= lastPoint) {
      finished = true;
    }
    finishedUnknown = false;
    last.remember(updater, epochDetail);
    return fire;
  }

  @Override
  public boolean isFinished() {
    return finished;
  }

  @Override
  public void serialize(Serializer s) {
    last.serialize(s, "ManualScheduleTrigger");
    if (s.isLoading() && !s.contains("finished")) {
      finished = false; // Chainer's fallback: initialize the extension, decide at the next question
      finishedUnknown = true;
    } else {
      finished = s.serializeBoolean("finished", finished);
    }
    invalidate();
  }

  @Override
  public String toString() {
    return "ManualScheduleTrigger("
        + Arrays.toString(points)
        + ", '"
        + unit.name().toLowerCase()
        + "')";
  }
}
