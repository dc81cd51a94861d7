package org.trainer4j.training.triggers;

import com.google.common.base.Preconditions;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Updater;

/**
 * Fires every {@code period} epochs or iterations, as Chainer's IntervalTrigger: when {@code
 * floor(previous / period) != floor(current / period)}, where {@code previous} is the position at
 * which the trigger was last asked. Asked every iteration, it fires at each boundary; asked only
 * now and then (by an extension with a trigger of its own), it fires at the first question after a
 * boundary. Epoch periods may be fractional; epoch positions come from the main iterator, so
 * boundaries stay exact when the batch size changes. The last position is serialized.
 */
public final class IntervalTrigger extends CachedTrigger {

  /**
   * A position this close to a boundary, in periods, counts as on it: in doubles 0.3 / 0.1 is
   * 2.9999999999999996, and {@code epochs(0.1)} over ten single-example steps of a ten-example
   * dataset fired 8 times, skipping 0.3 and firing 0.6 a step late. Real positions lie at least one
   * example (a dataset's reciprocal) from a boundary they have not reached.
   */
  private static final double BOUNDARY_TOLERANCE = 1e-9;

  private final double period;
  private final Unit unit;
  private final LastPosition last = new LastPosition();

  private IntervalTrigger(double period, Unit unit) {
    Preconditions.checkArgument(
        period > 0 && Double.isFinite(period), "period must be positive: %s", period);
    Preconditions.checkNotNull(unit, "unit");
    Preconditions.checkArgument(
        unit != Unit.ITERATION || period == Math.rint(period),
        "a period in iterations must be a whole number: %s",
        period);
    this.period = period;
    this.unit = unit;
  }

  /** Fires every {@code period} epochs (fractions allowed, e.g. 0.5). */
  public static IntervalTrigger epochs(double period) {
    return new IntervalTrigger(period, Unit.EPOCH);
  }

  /** Fires every {@code period} iterations. */
  public static IntervalTrigger iterations(long period) {
    return new IntervalTrigger(period, Unit.ITERATION);
  }

  public static IntervalTrigger of(double period, Unit unit) {
    return new IntervalTrigger(period, unit);
  }

  public double period() {
    return period;
  }

  public Unit unit() {
    return unit;
  }

  @Override
  protected boolean compute(Trainer trainer) {
    Updater updater = trainer.getUpdater();
    double epochDetail = updater.getEpochDetail();
    boolean fire;
    if (unit == Unit.ITERATION) {
      long iteration = updater.getIteration();
      fire = crosses(last.previousIteration(iteration), iteration);
    } else {
      fire = crosses(last.previousEpochDetail(updater), epochDetail);
    }
    last.remember(updater, epochDetail);
    return fire;
  }

  private boolean crosses(double previous, double current) {
    return interval(previous) != interval(current);
  }

  private double interval(double position) {
    return Math.floor(position / period + BOUNDARY_TOLERANCE);
  }

  @Override
  public void serialize(Serializer s) {
    last.serialize(s, "IntervalTrigger");
    invalidate();
  }

  /**
   * As Chainer's: {@code IntervalTrigger(2, 'iteration')}, {@code IntervalTrigger(1.5, 'epoch')}.
   */
  @Override
  public String toString() {
    String p =
        unit == Unit.ITERATION || period == Math.rint(period)
            ? String.valueOf((long) period)
            : String.valueOf(period);
    return "IntervalTrigger(" + p + ", '" + unit.name().toLowerCase() + "')";
  }
}
