package org.trainer4j.extensions.minibatch;

import java.util.ArrayList;
import java.util.List;

/**
 * Two sizes timed in alternating windows (candidate, incumbent; incumbent, candidate; ...), so that
 * each round's two windows ran back to back under the same conditions. The comparison is the median
 * over rounds of the candidate's time relative to the incumbent's: a load that switches on or off
 * during the pairing spoils the one round it falls in, where timing one size after the other
 * compared a loaded with a quiet measurement and took the load's factor for a difference of sizes
 * (on the tune benchmark's full MLP under its on/off load, a pick 1.39x slower than the best).
 * Alternating the order within rounds cancels a steady drift, and keeps a size's windows adjacent
 * across rounds, so that only one change of size per round discards warm-up steps.
 */
final class PairedTiming {

  /** The plan: steps a window and discarded steps for each size, and the rounds. */
  record Plan(
      int candidateSteps,
      int candidateWarmup,
      int incumbentSteps,
      int incumbentWarmup,
      int rounds) {

    /** Steps discarded after each later change of size: the first step at a size already run. */
    static final int SWITCH_WARMUP = 1;

    /** Discarded steps at {@code candidate} over the whole pairing. */
    int candidateWarmupTotal() {
      return candidateWarmup + (rounds / 2) * Math.min(SWITCH_WARMUP, candidateWarmup);
    }

    /** Discarded steps at the incumbent over the whole pairing. */
    int incumbentWarmupTotal() {
      return incumbentWarmup + ((rounds - 1) / 2) * Math.min(SWITCH_WARMUP, incumbentWarmup);
    }
  }

  /**
   * The two sizes' measurements over the rounds that ran (null for a size that never ran), and the
   * median per-round ratio (NaN when either size failed or no round completed).
   */
  record Result(Measurement candidate, Measurement incumbent, double ratio) {}

  private final Prober prober;

  PairedTiming(Prober prober) {
    this.prober = prober;
  }

  Result run(int candidate, int incumbent, Plan plan) {
    Side c = new Side(candidate, plan.candidateSteps(), plan.candidateWarmup());
    Side i = new Side(incumbent, plan.incumbentSteps(), plan.incumbentWarmup());
    List<Double> ratios = new ArrayList<>();
    for (int r = 0; r < plan.rounds(); r++) {
      // Past the budget (a load that switched on overruns the predicted cost), two rounds do.
      if (r >= 2 && prober.budgetExhausted()) {
        break;
      }
      boolean candidateFirst = r % 2 == 0;
      Side first = candidateFirst ? c : i;
      Side second = candidateFirst ? i : c;
      // The first side of a round ran last in the round before: no change of size, no warm-up.
      if (!first.window(r == 0) || !second.window(true)) {
        break;
      }
      ratios.add(c.last() / i.last());
    }
    boolean failed = c.failed() || i.failed() || ratios.isEmpty();
    double ratio = failed ? Double.NaN : WindowStats.median(ratios);
    return new Result(c.result(), i.result(), ratio);
  }

  /** One size's windows, steps and seconds over the pairing. */
  private final class Side {
    final int batchSize;
    final int stepsPerWindow;
    final List<Double> windows = new ArrayList<>();
    int warmup;
    int warmedTotal;
    int steps;
    double seconds;
    long peak = -1;
    Measurement failure;

    Side(int batchSize, int stepsPerWindow, int warmup) {
      this.batchSize = batchSize;
      this.stepsPerWindow = stepsPerWindow;
      this.warmup = warmup;
    }

    /** Times one window, after a warm-up when the size just changed; false if it failed. */
    boolean window(boolean changed) {
      int warm = changed ? warmup : 0;
      Measurement m = prober.measure(batchSize, warm, 1, stepsPerWindow);
      steps += m.steps();
      seconds += m.seconds();
      peak = Math.max(peak, m.peakBytes());
      if (!m.feasible()) {
        failure = Measurement.infeasible(batchSize, steps, seconds, m.note());
        return false;
      }
      warmedTotal += m.warmupSteps();
      windows.add(m.windows().get(0));
      // Only the first change to a size may need the full warm-up (a size never run before).
      warmup = Math.min(warmup, Plan.SWITCH_WARMUP);
      return true;
    }

    double last() {
      return windows.get(windows.size() - 1);
    }

    boolean failed() {
      return failure != null;
    }

    Measurement result() {
      if (failure != null) {
        return failure;
      }
      if (windows.isEmpty()) {
        return null;
      }
      return new Measurement(batchSize, windows, steps, warmedTotal, seconds, peak, true, "");
    }
  }
}
