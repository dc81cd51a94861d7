package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.trainer4j.extensions.minibatch.goodput.StepTime;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Updater;

/**
 * When an adaptive goodput run searches again: every {@code everyEpochs} epochs, and as soon as
 * training has timed a size that the last search chose past the sizes it knew. Such a pick rests on
 * the step-time line's extrapolation; training times it for nothing, so a re-estimate from
 * training's step time (no budget, no timing) confirms it, steps on or steps back within a few
 * dozen steps instead of an epoch later. On the tune benchmark's MLP the first search chose 256
 * past the timed 128 and its re-estimates stepped on to 512 and 1,024 one epoch apart, where the
 * target accuracy falls within the first epoch.
 */
final class ReestimateSchedule {

  /**
   * Steps training takes at an extrapolated pick before it is checked: twice what a step time needs
   * ({@link TrainingStepTimes#MIN_STEPS}), so that one slow step (an evaluation, a collection) does
   * not move the median. Counted in iterations, not in intervals timed, so that a resumed run
   * (whose first interval is not timed) checks at the same step as the uninterrupted one.
   */
  static final int VERIFY_STEPS = 2 * TrainingStepTimes.MIN_STEPS;

  /**
   * Steps training takes at a trial ({@link UndecidedTrial}) before it is checked. A trial follows
   * the first search, in the first seconds of a JVM, where training's own steps run slow for a
   * while: on the full-data MLP training's first twenty steps at 64 took twice 32's (its steady
   * state is 1.15x), the check sent two runs of eight back to 32 and they trained there for the
   * whole run (30-39 s to the target, about 5 s at the best sizes). Over five times as many steps
   * the median passes over such a start; a trial on a truly flat line costs them at twice the size,
   * which on a flat line costs nothing per example.
   */
  static final int TRIAL_STEPS = 5 * VERIFY_STEPS;

  private final int everyEpochs;
  private int lastEpoch;
  private boolean unverified;
  private boolean trial;
  private boolean probesOnly;
  private boolean retry;
  private long pickedAt;

  /** Sizes tried again because training's time there looked stale ({@link UndecidedTrial}). */
  private final Set<Integer> retimed = new TreeSet<>();

  /**
   * @param everyEpochs epochs between re-estimates; 0 for none at all (nor checks of a pick)
   */
  ReestimateSchedule(int everyEpochs) {
    Preconditions.checkArgument(
        everyEpochs >= 0, "everyEpochs must not be negative: %s", everyEpochs);
    this.everyEpochs = everyEpochs;
  }

  /** Counts the epochs from {@code epoch}, the one training starts in. */
  void start(int epoch) {
    lastEpoch = epoch;
  }

  /** True at an epoch boundary a re-estimate is due at (and then counts from it). */
  boolean dueAtEpoch(Trainer trainer) {
    Updater updater = trainer.getUpdater();
    if (everyEpochs == 0
        || !updater.isNewEpoch()
        || updater.getEpoch() < lastEpoch + everyEpochs
        || SearchShares.atTheEnd(trainer)) {
      return false;
    }
    lastEpoch = updater.getEpoch();
    return true;
  }

  /**
   * True when training took {@link #VERIFY_STEPS} steps at an unverified pick and has a step time
   * for it ({@link TrainingStepTimes#hasStepTime}).
   */
  boolean dueToVerify(Trainer trainer, boolean timedByTraining) {
    return dueAfter(trainer, unverified, trial ? TRIAL_STEPS : VERIFY_STEPS, timedByTraining);
  }

  /**
   * True when the search before training had no room for a gradient noise estimate ({@link
   * #noStatistics}), training has taken {@link #VERIFY_STEPS} steps since and has a step time: a
   * re-estimate with its share of the budget is due, in which training's step time replaces a
   * timing. Without it the run trains at its start size for the whole first epoch: in the full-data
   * MLP's A/Bs 4 of 256 adaptive runs timed the size above the start slow, had no budget left for
   * an estimate and kept 32; three of them took 17.7-28.1 s to the target, where the best sizes
   * take about 5 s.
   */
  boolean dueToRetry(Trainer trainer, boolean timedByTraining) {
    return dueAfter(trainer, retry, VERIFY_STEPS, timedByTraining);
  }

  /**
   * True in adaptive mode when {@code pending} and training took more than {@code steps} steps
   * since {@link #pickedAt}, has a step time, and does not end here.
   */
  private boolean dueAfter(Trainer trainer, boolean pending, int steps, boolean timedByTraining) {
    return everyEpochs > 0
        && pending
        && trainer.getUpdater().getIteration() - pickedAt > steps
        && timedByTraining
        && !SearchShares.atTheEnd(trainer);
  }

  /**
   * The search before training, at {@code iteration}, kept the start size for want of a gradient
   * noise estimate: {@link #dueToRetry} once.
   */
  void noStatistics(long iteration) {
    retry = true;
    pickedAt = iteration;
  }

  /**
   * A search at {@code iteration} chose {@code size} knowing the step times {@code known}. A pick
   * between known sizes rests on the line through timed points and is not checked: checking those
   * too moved the size by a few examples every twenty steps (702 -> 699 -> 702). Unless no known
   * time is training's (the search before training): then only the probes placed it, and training's
   * first step times there are held to their line ({@link #probesHold}), once. And a step back
   * below every size training has timed ({@link #steppedBelowTraining}) is searched again after
   * {@link #TRIAL_STEPS}, once.
   */
  void chose(int size, List<StepTime> known, long iteration) {
    IntSummaryStatistics range = known.stream().mapToInt(StepTime::batchSize).summaryStatistics();
    boolean extrapolated = known.isEmpty() || size < range.getMin() || size > range.getMax();
    probesOnly = !extrapolated && known.stream().noneMatch(StepTime::fromTraining);
    boolean back = steppedBelowTraining(size, known);
    unverified = extrapolated || probesOnly || back;
    // A step back follows a trial in a JVM's first seconds: the check waits as a trial's does.
    trial = back;
    pickedAt = iteration;
  }

  /**
   * Whether {@code size} lies below every size training has timed and training has not timed it: a
   * step back from training's own time at a larger size to one that only the probes placed. On the
   * full-data MLP a trial of 64 in the JVM's first seconds timed it on a line with no fixed cost
   * through the probe of 32 and sent the run back to 32, which trained there for the rest of the
   * epoch (27.7 s to the target, the best sizes about 5 s): nothing had timed 32 in training, so
   * nothing could show that 64's time was stale ({@link UndecidedTrial#slowerPerExample}) before
   * the epoch's re-estimate. Checked once: after the check training has timed the size.
   */
  static boolean steppedBelowTraining(int size, List<StepTime> known) {
    List<StepTime> trained = known.stream().filter(StepTime::fromTraining).toList();
    return !trained.isEmpty() && trained.stream().allMatch(p -> p.batchSize() > size);
  }

  /**
   * A search at {@code iteration} chose a trial of {@code size} ({@link UndecidedTrial}) in place
   * of what it {@code decided}, knowing the step times {@code known}: checked after {@link
   * #TRIAL_STEPS}. A trial of a size whose time training had measured {@link
   * UndecidedTrial#slowerPerExample} than the decided size's is remembered: that size is not tried
   * again for it ({@link #retimed}).
   */
  void trying(long iteration, int size, SearchResult decided, List<StepTime> known) {
    unverified = true;
    trial = true;
    probesOnly = false;
    pickedAt = iteration;
    StepTime stale = UndecidedTrial.slowerPerExample(known, decided.chosenBatchSize());
    if (stale != null && stale.batchSize() == size) {
      retimed.add(size);
    }
  }

  /** Whether {@code size} was tried again once already because its time looked stale. */
  boolean retimed(int size) {
    return retimed.contains(size);
  }

  /**
   * At the check of a pick that only the probes placed: true when training's step time at {@code
   * size} (in {@code times}) lies within {@link GoodputChoice#MAX_RESIDUAL} of the probes' line
   * ({@link UndecidedTrial#trainingOffTheProbes}): their shape holds, a search would decide as the
   * last one did, and nothing is left to check. Otherwise the check searches, and {@link
   * UndecidedTrial} tries a larger size. On the full-data MLP a first search placed 118 between its
   * timed sizes on a line training's step missed by 35 %, and the run trained there for the whole
   * first epoch (13.6 s to the target, the best sizes about 5 s).
   *
   * @param coordination every process of a job takes rank 0's answer
   */
  boolean probesHold(List<StepTime> times, int size, SearchCoordination coordination) {
    boolean holds =
        probesOnly
            && UndecidedTrial.trainingOffTheProbes(times, size) <= GoodputChoice.MAX_RESIDUAL;
    // Whether a search runs at all follows rank 0, as its size does: a search has collectives.
    if (coordination.rootValue(holds ? 1 : 0) > 0) {
      kept();
      return true;
    }
    return false;
  }

  /**
   * Whether the check due is of a trial or of a step back ({@link #trying}, {@link #chose}), which
   * exist to be undone when training's time says so, rather than of a pick past the timed sizes.
   */
  boolean checkingTrial() {
    return trial;
  }

  /** A search kept the size training runs at, or failed: nothing is left to verify. */
  void kept() {
    unverified = false;
    trial = false;
    probesOnly = false;
    retry = false;
  }

  void serialize(Serializer s) {
    lastEpoch = s.serializeInt("last_epoch", lastEpoch);
    if (!s.isLoading() || s.contains("unverified_pick")) { // older snapshots have none
      unverified = s.serializeBoolean("unverified_pick", unverified);
      pickedAt = s.serializeLong("picked_at", pickedAt);
    }
    if (!s.isLoading() || s.contains("trial_pick")) {
      trial = s.serializeBoolean("trial_pick", trial);
    }
    if (!s.isLoading() || s.contains("probes_only_pick")) {
      probesOnly = s.serializeBoolean("probes_only_pick", probesOnly);
    }
    if (!s.isLoading() || s.contains("retry_without_statistics")) {
      retry = s.serializeBoolean("retry_without_statistics", retry);
    }
    if (!s.isLoading() || s.contains("retimed_stale_sizes")) {
      int[] sizes =
          s.serializeIntArray(
              "retimed_stale_sizes", retimed.stream().mapToInt(Integer::intValue).toArray());
      if (s.isLoading()) {
        retimed.clear();
        for (int size : sizes) {
          Preconditions.checkArgument(size > 0, "retimed_stale_sizes: size %s", size);
          retimed.add(size);
        }
      }
    }
  }
}
