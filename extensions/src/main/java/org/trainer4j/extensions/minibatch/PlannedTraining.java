package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import java.util.Locale;
import java.util.Optional;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.triggers.Unit;

/**
 * The training the search prepares for, read from the trainer's stop trigger: a number of epochs,
 * or a number of iterations (whose examples grow with the batch size). The search budget is a share
 * of its duration.
 *
 * @param epochs planned epochs, or 0 when the plan is in iterations
 * @param iterations planned iterations, or 0 when the plan is in epochs
 */
public record PlannedTraining(double epochs, long iterations) {

  public PlannedTraining {
    Preconditions.checkArgument(
        Double.isFinite(epochs), "epochs must be finite (0 for a plan in iterations): %s", epochs);
    Preconditions.checkArgument(
        (epochs > 0) != (iterations > 0),
        "exactly one of epochs (%s) and iterations (%s) must be positive",
        epochs,
        (Object) iterations);
  }

  public static PlannedTraining epochs(double epochs) {
    return new PlannedTraining(epochs, 0);
  }

  public static PlannedTraining iterations(long iterations) {
    return new PlannedTraining(0, iterations);
  }

  /**
   * The plan of a stop trigger: an {@link IntervalTrigger}'s period; for any other trigger, whose
   * length cannot be known in advance, one epoch (so the budget errs on the small side).
   */
  public static PlannedTraining of(Trigger stopTrigger) {
    if (stopTrigger instanceof IntervalTrigger t) {
      return t.unit() == Unit.EPOCH
          ? epochs(t.period())
          : iterations(Math.max(1, Math.round(t.period())));
    }
    return epochs(1);
  }

  /** Examples the training will process at {@code batchSize}. */
  public double examples(int batchSize, int datasetSize) {
    return epochs > 0 ? epochs * datasetSize : (double) iterations * batchSize;
  }

  /** Seconds the training will take at {@code batchSize} and {@code perExampleSeconds}. */
  public double seconds(int batchSize, double perExampleSeconds, int datasetSize) {
    return examples(batchSize, datasetSize) * perExampleSeconds;
  }

  /**
   * What moving from batch size {@code from} to {@code to} does to this plan, for the log: a plan
   * in iterations trains on more examples (and for longer) at a larger size, which users who tuned
   * the size for speed may not expect; empty for a plan in epochs or no change.
   */
  public Optional<String> sizeChangeNote(int from, int to, int datasetSize) {
    if (epochs > 0 || from == to) {
      return Optional.empty();
    }
    long toExamples = iterations * to;
    long fromExamples = iterations * from;
    return Optional.of(
        String.format(
            Locale.ROOT,
            "the stop trigger counts iterations: its %d iterations now train on %d examples"
                + " (%.3g epochs) at batch size %d, against %d (%.3g epochs) at %d; stop by"
                + " epochs to keep the amount of training fixed",
            iterations,
            toExamples,
            (double) toExamples / datasetSize,
            to,
            fromExamples,
            (double) fromExamples / datasetSize,
            from));
  }

  /** {@link #sizeChangeNote} for the plan of {@code trainer}'s stop trigger and its dataset. */
  static Optional<String> sizeChangeNote(Trainer trainer, int from, int to) {
    return of(trainer.getStopTrigger())
        .sizeChangeNote(from, to, trainer.getUpdater().getIterator().getDataset().size());
  }

  @Override
  public String toString() {
    return epochs > 0 ? epochs + " epochs" : iterations + " iterations";
  }
}
