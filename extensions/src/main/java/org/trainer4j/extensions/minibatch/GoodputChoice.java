package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;
import org.trainer4j.extensions.minibatch.goodput.StepTime;
import org.trainer4j.extensions.minibatch.goodput.StepTimeModel;

/**
 * The size a goodput search settles on once it stops: the goodput argmax, kept within the sizes it
 * timed, except that a search the budget stopped short of an argmax above them may go one growth
 * step past the largest, on the fitted step-time line. Short trainings have budgets that end a
 * search one or two sizes below the argmax (a full Fashion-MNIST MLP planned for three epochs timed
 * 32 to 128 and stopped with the argmax at 199), and the line predicts a neighbouring size well
 * when it fits the timed ones. The argmax already lies within the memory ceiling, which the probes'
 * peaks extrapolate with a reserve, so one step past the timed sizes risks no size the ceiling
 * would refuse. There is no such step once a size ran out of memory or was refused (the limit is
 * near, and the sizes between the largest that ran and the smallest that failed are unknown), nor
 * on a line that misses a timed step by more than {@link #MAX_RESIDUAL}.
 *
 * @param size the chosen size
 * @param note how it relates to the timed sizes, for the search's detail (empty when among them)
 */
record GoodputChoice(int size, String note) {

  /** The largest relative miss of the line on a timed step that still allows a step past them. */
  static final double MAX_RESIDUAL = 0.2;

  /**
   * A fixed cost under this share of the smaller size's step makes a line through two sizes flat:
   * too little to tell from one slow window at the larger size.
   */
  static final double FLAT_FIXED_SHARE = 0.05;

  /**
   * Whether two timed sizes ({@code timed}, ascending) leave the search undecided: the line through
   * them misses one by more than {@link #MAX_RESIDUAL}, or has a fixed cost under {@link
   * #FLAT_FIXED_SHARE} of the smaller's step. A line with no fixed cost calls the throughput flat
   * and the argmax the smallest size, which is also what one slow timing of the larger size shows:
   * one-shot goodput on the full-data MLP timed 64 at 0.277 ms an example against 32's 0.267 (the
   * other seeds timed 64 at 0.17-0.23), kept 32, and reached the target 5.4x later than the best
   * grid size. A third size decides.
   */
  static boolean undecided(List<StepTime> timed, StepTimeModel line) {
    return timed.size() == 2
        && (line.maxRelativeResidual() > MAX_RESIDUAL
            || line.fixedSeconds() < FLAT_FIXED_SHARE * timed.get(0).seconds());
  }

  GoodputChoice {
    Preconditions.checkArgument(size > 0, "size must be positive: %s", size);
    Preconditions.checkNotNull(note, "note");
  }

  /**
   * The choice for {@code argmax} over the timed sizes {@code timed} (ascending) and their fitted
   * {@code line}.
   *
   * @param growth the factor between timed sizes, the farthest step past the largest
   * @param multiple every size is a multiple of this (replicas, ranks)
   * @param budgetStopped whether the budget ended the search
   * @param sizeFailed whether a size ran out of memory or was refused during the search
   */
  static GoodputChoice of(
      List<StepTime> timed,
      StepTimeModel line,
      int argmax,
      double growth,
      int multiple,
      boolean budgetStopped,
      boolean sizeFailed) {
    Preconditions.checkArgument(!timed.isEmpty(), "no timed sizes");
    int lo = timed.get(0).batchSize();
    int hi = timed.get(timed.size() - 1).batchSize();
    int within = Math.min(hi, Math.max(lo, argmax));
    if (argmax <= hi || !budgetStopped || timed.size() < 2) {
      return new GoodputChoice(within, "");
    }
    if (sizeFailed) {
      return new GoodputChoice(
          within,
          String.format(
              "; kept %d, the largest timed size, below the argmax %d: a size failed in memory",
              hi, argmax));
    }
    if (line.maxRelativeResidual() > MAX_RESIDUAL) {
      return new GoodputChoice(
          within,
          String.format(
              "; kept %d, the largest timed size, below the argmax %d: the step-time line misses a"
                  + " timed step by %.0f %%",
              hi, argmax, 100 * line.maxRelativeResidual()));
    }
    long reach = (long) Math.floor(hi * growth) / multiple * multiple;
    int size = (int) Math.max(hi, Math.min(argmax, reach));
    return new GoodputChoice(
        size,
        String.format(
            "; chose %d past the largest timed size %d on the step-time line (argmax %d, at most"
                + " x%.3g past the timed sizes)",
            size, hi, argmax, growth));
  }

  /**
   * The choice when only training times sizes ({@link GoodputMaximize#timingOnlyInTraining}), from
   * the sizes it timed ({@code timed}, ascending) and their {@code line}. From one size: one growth
   * step up, since one size fits no line and a line through it with no fixed cost makes the
   * smallest size the argmax, while up to twice the examples a second may lie one step up. From
   * more: as {@link #of} for a search the budget stopped, except that an argmax less than a growth
   * step's square root past the largest keeps the largest: so close, training's line cannot tell
   * the step times apart and the goodput curve is flat (the full-data MLP crawled 299 -> 303 -> 310
   * -> 313 -> 316 -> 320, twenty steps each).
   *
   * @param clamp rounds a size into the allowed range and multiples
   */
  static GoodputChoice fromTraining(
      List<StepTime> timed,
      StepTimeModel line,
      int argmax,
      double growth,
      int multiple,
      IntUnaryOperator clamp) {
    int hi = timed.get(timed.size() - 1).batchSize();
    if (timed.size() == 1) {
      int grown = Math.max(hi, clamp.applyAsInt((int) Math.round(hi * growth)));
      return new GoodputChoice(
          grown,
          String.format("; training timed only %d: trying %d, one growth step up", hi, grown));
    }
    GoodputChoice past = of(timed, line, argmax, growth, multiple, true, false);
    if (past.size() > hi && past.size() < hi * Math.sqrt(growth)) {
      return new GoodputChoice(
          hi,
          String.format(
              "; kept %d, the largest size training timed: the argmax %d lies less than x%.3g past"
                  + " it",
              hi, argmax, Math.sqrt(growth)));
    }
    return past;
  }

  /**
   * This choice, or the largest of {@code timed} when it lies past them and one step there does not
   * {@code fit} in memory on the copy: when only training times sizes, nothing else has run it
   * before live training would, and a size that does not fit there fails the run.
   */
  GoodputChoice fitting(List<StepTime> timed, IntPredicate fits) {
    int hi = timed.get(timed.size() - 1).batchSize();
    if (size <= hi || fits.test(size)) {
      return this;
    }
    return new GoodputChoice(
        hi, String.format("; kept %d: one step at %d did not fit in memory on the copy", hi, size));
  }
}
