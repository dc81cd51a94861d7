package org.trainer4j.training.triggers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Updater;

/**
 * Where a trigger was last asked, as Chainer's interval and schedule triggers keep it: the
 * iteration and the epoch detail of the last question. A trigger asked only now and then (by an
 * extension that runs every few iterations) compares with that position rather than with the
 * previous iteration, so a boundary crossed between two questions is not missed. Serialized under
 * Chainer's keys; a state from before they were saved falls back to the updater's previous
 * position, with a warning, as Chainer does.
 */
final class LastPosition {

  private static final Logger log = LoggerFactory.getLogger(LastPosition.class);

  /** Negative: unknown (a state saved without it); the updater's previous position is used. */
  private long iteration;

  private double epochDetail;

  /**
   * The iteration at the last question, or {@code current - 1} when unknown (never below 0: at
   * iteration 0 nothing has been crossed yet).
   */
  long previousIteration(long current) {
    return iteration < 0 ? Math.max(current - 1, 0) : iteration;
  }

  /** The epoch detail at the last question, or the updater's previous one when unknown. */
  double previousEpochDetail(Updater updater) {
    if (epochDetail >= 0) {
      return epochDetail;
    }
    Double previous = updater.getPreviousEpochDetail();
    return previous != null ? previous : updater.getEpochDetail();
  }

  /** Records the updater's current position as the last question's. */
  void remember(Updater updater, double currentEpochDetail) {
    iteration = updater.getIteration();
    epochDetail = currentEpochDetail;
  }

  void serialize(Serializer s, String owner) {
    if (s.isLoading() && !s.contains("previous_iteration")) {
      log.warn(
          "{} state at {} has no previous position; it guesses it from the updater, which is"
              + " right only if it was asked every iteration",
          owner,
          s.path());
      iteration = -1;
      epochDetail = -1;
      return;
    }
    iteration = s.serializeLong("previous_iteration", iteration);
    epochDetail = s.serializeDouble("previous_epoch_detail", epochDetail);
  }
}
