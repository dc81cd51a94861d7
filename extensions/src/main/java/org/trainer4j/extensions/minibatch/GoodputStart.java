package org.trainer4j.extensions.minibatch;

import java.util.List;
import org.trainer4j.extensions.minibatch.goodput.StepTime;

/**
 * The first phase of a goodput search: where its step-time line starts. With two or more known
 * sizes (an earlier search's or training's) it times nothing; else it starts from the size training
 * already timed, or times the start size on the copy, and then the size one growth step above it,
 * because one size fits no line and a fixed cost pays off only at a larger size.
 *
 * @param reused the known step times within the search's bounds
 * @param measuredBefore whether the result rests on something timed before this search
 * @param stopped the search's result when it cannot go on (no feasible start, no time left, or
 *     nothing training timed where only training may time sizes); null to go on
 */
record GoodputStart(List<StepTime> reused, boolean measuredBefore, SearchResult stopped) {

  /** Whether the known step times fit a line by themselves: then nothing was timed at the start. */
  boolean reusing() {
    return reused.size() >= 2;
  }

  /**
   * Starts a search named {@code strategy}: reuses {@code known} (already within the prober's
   * bounds), or times on the copy when {@code copyTimings}, checking each timing for a disturbance.
   */
  static GoodputStart of(
      String strategy,
      Prober prober,
      Candidates candidates,
      DisturbedTimings disturbed,
      List<StepTime> known,
      double growthFactor,
      boolean copyTimings) {
    if (known.size() >= 2) {
      known.forEach(p -> prober.budget().assumeMeasured(p.batchSize(), p.seconds()));
      return new GoodputStart(known, true, null);
    }
    // Training times the size it trains at for nothing: a re-estimate does not time it again
    // (one whose share of the budget was 0.24 s spent 0.28 s re-timing 32 and kept it).
    StepTime trained = GoodputPoints.trainedAt(known, prober.initialBatchSize());
    boolean measuredBefore = trained != null;
    int startSize;
    if (trained != null) {
      prober.budget().assumeMeasured(trained.batchSize(), trained.seconds());
      startSize = trained.batchSize();
    } else if (!copyTimings) {
      return stop(known, prober.failed(strategy, "training has not timed its size yet"));
    } else {
      Measurement start = candidates.measureFirstFeasible(prober.initialBatchSize(), "goodput");
      if (start == null) {
        return stop(
            known,
            candidates.budgetHit()
                ? prober.result(strategy, -1, StopReason.BUDGET, candidates.budgetNote())
                : prober.result(
                    strategy, -1, StopReason.FAILED, "no feasible size at or below start"));
      }
      startSize = start.batchSize();
    }
    // One size fits no line: as proportional, the argmax leans to the smallest. The size above
    // comes next, before noise estimates can spend the budget, where a fixed cost pays off.
    int above = prober.clamp(Math.round(startSize * growthFactor));
    if (above > startSize && copyTimings) {
      disturbed.check(candidates.measure(above, "goodput"), "goodput");
    }
    return new GoodputStart(known, measuredBefore, null);
  }

  private static GoodputStart stop(List<StepTime> known, SearchResult result) {
    return new GoodputStart(known, false, result);
  }
}
