package org.trainer4j.training.triggers;

import com.google.common.base.Preconditions;
import java.util.function.BiPredicate;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;

/**
 * Averages the observation {@code key} over each interval and fires when the average beats the best
 * so far. Its running average and best value are serialized, so it survives a resume.
 */
public abstract class BestValueTrigger extends CachedTrigger {

  private final String key;
  private final BiPredicate<Double, Double> isBetter;
  private final Trigger interval;
  private Double best;
  private double sum;
  private long count;

  protected BestValueTrigger(String key, BiPredicate<Double, Double> isBetter, Trigger interval) {
    this.key = Preconditions.checkNotNull(key, "key");
    this.isBetter = isBetter;
    this.interval = Preconditions.checkNotNull(interval, "interval");
  }

  @Override
  protected boolean compute(Trainer trainer) {
    Double value = trainer.getObservation().get(key);
    if (value != null) {
      sum += value;
      count++;
    }
    if (!interval.test(trainer)) {
      return false;
    }
    if (count == 0) {
      throw new IllegalStateException(
          String.format(
              "%s: no '%s' was observed during the interval; observed keys: %s",
              getClass().getSimpleName(), key, trainer.getObservation().keySet()));
    }
    double mean = sum / count;
    sum = 0;
    count = 0;
    // A diverged interval (NaN) is never the best: kept as the best, no later value compares
    // better with it, and a "save the best model" extension never saved again.
    if (Double.isNaN(mean)) {
      return false;
    }
    if (best == null || isBetter.test(mean, best)) {
      best = mean;
      return true;
    }
    return false;
  }

  /** The best interval average so far, or null before the first interval. */
  public Double best() {
    return best;
  }

  public String key() {
    return key;
  }

  @Override
  public void serialize(Serializer s) {
    best = s.serializeNullableDouble("best_value", best);
    sum = s.serializeDouble("sum", sum);
    count = s.serializeLong("count", count);
    interval.serialize(s.child("interval_trigger"));
    invalidate();
  }
}
