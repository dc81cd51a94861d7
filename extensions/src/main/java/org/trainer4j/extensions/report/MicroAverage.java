package org.trainer4j.extensions.report;

import com.google.common.base.Preconditions;
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
 */
public final class MicroAverage implements Extension {

  private final String numeratorKey;
  private final String denominatorKey;
  private final String resultKey;
  private final Trigger trigger;
  private double numerator;
  private double denominator;

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
    Double num = trainer.getObservation().get(numeratorKey);
    Double den = trainer.getObservation().get(denominatorKey);
    if (num != null && den != null) {
      numerator += num;
      denominator += den;
    }
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
  }
}
