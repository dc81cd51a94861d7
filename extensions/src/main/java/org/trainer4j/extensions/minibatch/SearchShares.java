package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Updater;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.triggers.Unit;

/**
 * How an adaptive goodput run divides its one search budget: the search before training may take
 * half, each re-estimate an equal share of what is left over the re-estimates still due. Without
 * shares the first re-estimate that met a noisy signal made extra noise estimates until the whole
 * run's budget was gone, and every later one kept a size chosen on a stale noise scale (the main
 * job's run of 8aa94d1: 35 s of its 60 s at epoch 2, nothing from epoch 4 on).
 */
final class SearchShares {

  private SearchShares() {}

  /**
   * Re-estimates due at epoch boundaries after the current point of training, every {@code
   * everyEpochs} epochs, before the stop trigger ends it; empty when its length is unknown (a
   * trigger other than an {@link IntervalTrigger}).
   */
  static OptionalInt reestimatesAfterNow(Trainer trainer, int everyEpochs) {
    Preconditions.checkArgument(everyEpochs > 0, "everyEpochs must be positive: %s", everyEpochs);
    OptionalDouble left = epochsLeft(trainer);
    if (left.isEmpty()) {
      return OptionalInt.empty();
    }
    // A boundary exactly at the end is no re-estimate: training stops there.
    long boundaries = (long) Math.ceil(left.getAsDouble() / everyEpochs - 1e-9) - 1;
    // At most one less than the int range: a search divides by these and itself ("run until
    // stopped", iterations(Long.MAX_VALUE), overflowed the sum and failed its first re-estimate).
    return OptionalInt.of((int) Math.max(0, Math.min(Integer.MAX_VALUE - 1, boundaries)));
  }

  /** Epochs of training left by the stop trigger; empty unless it is an {@link IntervalTrigger}. */
  private static OptionalDouble epochsLeft(Trainer trainer) {
    if (!(trainer.getStopTrigger() instanceof IntervalTrigger stop)) {
      return OptionalDouble.empty();
    }
    Updater updater = trainer.getUpdater();
    if (stop.unit() == Unit.EPOCH) {
      return OptionalDouble.of(stop.period() - updater.getEpochDetail());
    }
    // Iterations left at the current size: the size may change, so this is an estimate.
    double iterationsLeft = stop.period() - updater.getIteration();
    return OptionalDouble.of(
        iterationsLeft
            * updater.getIterator().getBatchSize()
            / updater.getIterator().getDataset().size());
  }

  /**
   * The shares the search now due divides what is left of the budget into: 1 for a one-shot search;
   * 2 before training when re-estimates will follow (or may: an unknown length); before a
   * re-estimate, itself and those after it, or 2 when their number is unknown (half of what is
   * left, never all of it).
   */
  static int now(Trainer trainer, int everyEpochs, boolean beforeTraining) {
    if (everyEpochs == 0) {
      return 1;
    }
    OptionalInt after = reestimatesAfterNow(trainer, everyEpochs);
    if (beforeTraining) {
      return after.isPresent() && after.getAsInt() == 0 ? 1 : 2;
    }
    return after.isPresent() ? after.getAsInt() + 1 : 2;
  }

  /**
   * What the search now due may spend: {@code budget}, the whole run's, less the {@code spent}
   * seconds of earlier searches (rank 0's reading, so that every process decides alike), divided by
   * {@link #now}. Spending from one budget keeps re-estimates, each at a floor, from costing a
   * short training more than the first search.
   */
  static Budget left(
      Budget budget, double spent, Trainer trainer, int everyEpochs, boolean beforeTraining) {
    return budget.afterSpending(spent).sharedBy(now(trainer, everyEpochs, beforeTraining));
  }

  /** True if training ends at the current point: a re-estimate there would be spent for nothing. */
  static boolean atTheEnd(Trainer trainer) {
    OptionalDouble left = epochsLeft(trainer);
    return left.isPresent() && left.getAsDouble() <= 1e-9;
  }
}
