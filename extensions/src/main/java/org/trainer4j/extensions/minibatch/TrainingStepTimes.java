package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.trainer4j.extensions.minibatch.goodput.StepTime;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Updater;

/**
 * The step time training itself shows at its current size: the median of the intervals between
 * consecutive iterations since the size last changed. A re-estimate gets it for nothing, from far
 * more steps than a probe times, where the budget may have no room left to time anything (a search
 * whose budget a stall spent kept 128 for a whole run, its re-estimates finding "0.00 s left" with
 * 128 never timed). An interval is a step as training pays for it: the update, loading the batch
 * and the other extensions of the iteration; the median passes over the few long ones (an
 * evaluation, a snapshot). A search's own seconds are left out ({@link #restart}): its budget
 * counts them, and a search that changed the size starts the times over.
 *
 * <p>Less the time the training thread waited for a CPU, where the search's settings read it for
 * the probes ({@link SearchSettings#runQueueWaitFor}): a probe's step time leaves that wait out, so
 * training's must too, or a load beside training makes the trained size look slower than the sizes
 * probed while it ran (the main job, sharing two CPUs with a build, probed 32 at 0.16 s a step,
 * went back to it, and training then timed 32 at 0.20 s; how much of that gap was the wait, and how
 * much loading and the iteration's other extensions, was not measured).
 */
final class TrainingStepTimes {

  /** Intervals kept: the latest ones, so memory stays bounded over any epoch. */
  static final int CAPACITY = 512;

  /** Fewer intervals than this give no step time (an epoch of 54 steps at 1,024 of 55,000). */
  static final int MIN_STEPS = 10;

  private final double[] seconds = new double[CAPACITY];
  private int count;
  private int next;
  private int batchSize;
  private long lastNanos = -1;
  private long lastWaitNanos;

  /** Records the iteration {@code updater} just ended, timed as {@code settings} time probes. */
  void tick(Updater updater, SearchSettings settings) {
    tick(
        settings.ticker().read(),
        waitNanos(updater, settings),
        updater.getIterator().getBatchSize());
  }

  /** The training thread's run-queue wait so far, read as {@code settings} read it for probes. */
  private static long waitNanos(Updater updater, SearchSettings settings) {
    return settings.runQueueWaitFor(updater.communicator().size()).nanos();
  }

  /**
   * Records the interval since the last tick at the same {@code size}, less the growth of {@code
   * waitNanos} (the thread's run-queue wait, {@link RunQueueWait#nanos}) over it; a new size starts
   * over.
   */
  void tick(long nanos, long waitNanos, int size) {
    Preconditions.checkArgument(size > 0, "size must be positive: %s", size);
    if (size != batchSize) {
      batchSize = size;
      count = 0;
      next = 0;
    } else if (lastNanos >= 0 && nanos > lastNanos) {
      long wall = nanos - lastNanos;
      seconds[next] = (wall - RunQueueWait.within(wall, waitNanos - lastWaitNanos)) / 1e9;
      next = (next + 1) % CAPACITY;
      count = Math.min(count + 1, CAPACITY);
    }
    lastNanos = nanos;
    lastWaitNanos = waitNanos;
  }

  /**
   * Starts the next interval now, timed as {@code settings} time probes: what ran since the last
   * tick (a search) is not part of a training step. On a small dataset an epoch is a few steps, and
   * a re-estimate every epoch in every other interval put training's step at 1,024 halfway between
   * the step and the step plus the re-estimate.
   */
  void restart(Updater updater, SearchSettings settings) {
    lastNanos = settings.ticker().read();
    lastWaitNanos = waitNanos(updater, settings);
  }

  /** Whether training has timed enough intervals at the current size for {@link #median()}. */
  boolean hasStepTime() {
    return count >= MIN_STEPS;
  }

  /** The median interval at the current size, once {@link #MIN_STEPS} were recorded. */
  Optional<StepTime> median() {
    if (!hasStepTime()) {
      return Optional.empty();
    }
    return Optional.of(
        StepTime.fromTraining(batchSize, WindowStats.median(Arrays.copyOf(seconds, count))));
  }

  /**
   * {@code known} with the current size's step time replaced by training's (rank 0's, so that every
   * process decides alike), when training has one.
   */
  List<StepTime> into(List<StepTime> known, SearchCoordination coordination) {
    StepTime local = median().orElse(null);
    double[] root =
        coordination.rootValues(
            local == null
                ? new double[] {0, 0}
                : new double[] {local.batchSize(), local.seconds()});
    if (root[1] <= 0) {
      return known;
    }
    int size = (int) root[0];
    List<StepTime> out = new ArrayList<>();
    known.stream().filter(p -> p.batchSize() != size).forEach(out::add);
    out.add(StepTime.fromTraining(size, root[1]));
    out.sort((a, b) -> Integer.compare(a.batchSize(), b.batchSize()));
    return List.copyOf(out);
  }

  /**
   * The size and the intervals kept, oldest first; the interval that a resume cuts is not counted
   * (clocks of two processes do not compare).
   */
  void serialize(Serializer s) {
    batchSize = s.serializeInt("batch_size", batchSize);
    double[] kept = new double[count];
    for (int i = 0; i < count; i++) {
      kept[i] = seconds[(next - count + i + CAPACITY) % CAPACITY];
    }
    kept = s.serializeDoubleArray("seconds", kept);
    if (s.isLoading()) {
      Preconditions.checkArgument(
          kept.length <= CAPACITY, "training_steps/seconds: %s intervals", kept.length);
      System.arraycopy(kept, 0, seconds, 0, kept.length);
      count = kept.length;
      next = kept.length % CAPACITY;
      lastNanos = -1;
    }
  }

  /**
   * {@code known} (the step times a re-estimate reuses) and these intervals into or out of {@code
   * s}; returns the step times, loaded or as they were.
   */
  List<StepTime> serializeWithKnown(Serializer s, List<StepTime> known) {
    int[] trained = StepTime.trainedSizes(known);
    List<StepTime> times =
        StepTime.unpack(s.serializeDoubleArray("step_times", StepTime.pack(known)));
    // Snapshots from before training's step times were told apart have no sources: all probes'.
    if (!s.isLoading() || s.contains("trained_step_sizes")) {
      trained = s.serializeIntArray("trained_step_sizes", trained);
      times = StepTime.markTrained(times, trained);
    }
    Serializer steps = s.child("training_steps");
    if (!s.isLoading() || steps.contains("seconds")) { // older snapshots have none
      serialize(steps);
    }
    return times;
  }
}
