package org.trainer4j.extensions.report;

import com.google.common.base.Preconditions;
import java.util.Map;
import java.util.TreeSet;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Priority;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * Chainer's MicroAverage: sums a numerator and a denominator observation over each interval of its
 * own trigger (one epoch by default) and reports their ratio, e.g. correct / total predictions
 * giving an accuracy weighted by examples rather than by iterations. Its sums are serialized.
 *
 * <p>As Chainer's, a call whose observation lacks either key is skipped, its trigger not consulted,
 * so an interval whose writer did not report (one that runs less often) is reported at the next
 * call that has both keys. But where Chainer's then reports nothing for keys never observed at all
 * (a misspelling), this one fails when its trigger first fires before both keys were observed,
 * naming the missing key and the observed ones; so its first interval must see them (give it a
 * trigger no more frequent than that of the extension reporting them).
 */
public final class MicroAverage implements Extension {

  private final String numeratorKey;
  private final String denominatorKey;
  private final String resultKey;
  private final Trigger trigger;
  private double numerator;
  private double denominator;
  // Both keys observed at some call of this run (or of the run a snapshot continues).
  private boolean seen;

  private MicroAverage(String numeratorKey, String denominatorKey, String resultKey, Trigger t) {
    this.numeratorKey = Preconditions.checkNotNull(numeratorKey, "numeratorKey");
    this.denominatorKey = Preconditions.checkNotNull(denominatorKey, "denominatorKey");
    this.resultKey = Preconditions.checkNotNull(resultKey, "resultKey");
    this.trigger = Preconditions.checkNotNull(t, "trigger");
  }

  /** Reports {@code resultKey = sum(numerator) / sum(denominator)} every epoch. */
  public static MicroAverage of(String numeratorKey, String denominatorKey, String resultKey) {
    return new MicroAverage(numeratorKey, denominatorKey, resultKey, IntervalTrigger.epochs(1));
  }

  /** As {@link #of(String, String, String)}, reporting when {@code trigger} fires. */
  public static MicroAverage of(
      String numeratorKey, String denominatorKey, String resultKey, Trigger trigger) {
    return new MicroAverage(numeratorKey, denominatorKey, resultKey, trigger);
  }

  /** Edits the observation after writers have reported the numerator and denominator. */
  @Override
  public int defaultPriority() {
    return Priority.EDITOR;
  }

  @Override
  public void call(Trainer trainer) {
    Map<String, Double> observation = trainer.getObservation();
    Double num = observation.get(numeratorKey);
    Double den = observation.get(denominatorKey);
    if (num == null || den == null) {
      // Chainer's skips such a call without testing its trigger. Testing it here until both keys
      // are seen catches keys that are never reported, and cannot delay a later report: a firing
      // here ends the run.
      if (!seen && trigger.test(trainer)) {
        throw new IllegalStateException(
            String.format(
                "MicroAverage %s: %s not observed by the end of its first interval (misspelled, or"
                    + " reported less often than its trigger fires); observed keys: %s",
                resultKey,
                num == null && den == null
                    ? "'" + numeratorKey + "' and '" + denominatorKey + "'"
                    : "'" + (num == null ? numeratorKey : denominatorKey) + "'",
                new TreeSet<>(observation.keySet())));
      }
      return;
    }
    seen = true;
    numerator += num;
    denominator += den;
    if (trigger.test(trainer)) {
      trainer.getReporter().report(resultKey, numerator / denominator);
      numerator = 0;
      denominator = 0;
    }
  }

  @Override
  public void serialize(Serializer s) {
    trigger.serialize(s.child("trigger"));
    numerator = s.serializeDouble("numerator", numerator);
    denominator = s.serializeDouble("denominator", denominator);
    if (!s.isLoading() || s.contains("seen")) { // snapshots from before it lack it
      seen = s.serializeBoolean("seen", seen);
    }
  }
}
