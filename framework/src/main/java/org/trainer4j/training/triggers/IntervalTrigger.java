package org.trainer4j.training.triggers;

import com.google.common.base.Preconditions;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Updater;

/**
 * Fires every {@code period} epochs or iterations, as Chainer's IntervalTrigger: when {@code
 * floor(previous / period) != floor(current / period)}. Epoch periods may be fractional; epoch
 * positions come from the main iterator, so boundaries stay exact when the batch size changes.
 * The previous value is the iterator's epoch detail before the last batch, so the trigger needs no
 * state of its own and answers correctly right after a resume.
 */
public final class IntervalTrigger extends CachedTrigger {

  private final double period;
  private final Unit unit;

  private IntervalTrigger(double period, Unit unit) {
    Preconditions.checkArgument(
        period > 0 && Double.isFinite(period), "period must be positive: %s", period);
    Preconditions.checkNotNull(unit, "unit");
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
    if (unit == Unit.ITERATION) {
      long it = updater.getIteration();
      return it > 0 && Math.floor((it - 1) / period) != Math.floor(it / period);
    }
    Double previous = updater.getPreviousEpochDetail();
    if (previous == null || updater.getIteration() == 0) {
      return false;
    }
    return Math.floor(previous / period) != Math.floor(updater.getEpochDetail() / period);
  }

  /** Whether {@code trainer} has reached the end of the first period (for stop triggers). */
  public boolean isReached(Trainer trainer) {
    Updater updater = trainer.getUpdater();
    return unit == Unit.ITERATION
        ? updater.getIteration() >= period
        : updater.getEpochDetail() >= period;
  }

  @Override
  public String toString() {
    return "IntervalTrigger(" + period + " " + unit.name().toLowerCase() + ")";
  }
}
