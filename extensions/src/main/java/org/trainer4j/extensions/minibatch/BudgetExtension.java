package org.trainer4j.extensions.minibatch;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.extensions.minibatch.goodput.GoodputModel;
import org.trainer4j.extensions.minibatch.goodput.StepTime;

/**
 * When a search may measure past its budget. The budget bounds probing that may not pay; on a short
 * training its floor ended goodput searches at 64, or before any gradient noise estimate, while the
 * fitted model put the argmax at sizes that reached the target in half the time, and {@link
 * ThroughputMaximize}'s scan on a loaded loading-bound workload at 256, 1.25x the best size's epoch
 * time, one cheap measurement short of a size still gaining. A measurement predicted to save many
 * times its cost is worth making: the budget is then extended, up to {@link
 * Budget#extendedSecondsFor} (twice the run's budget, never past its cap).
 */
final class BudgetExtension {

  private static final Logger log = LoggerFactory.getLogger(BudgetExtension.class);

  /** A measurement past the budget must be predicted to save this many times its cost. */
  static final int VALUE_MULTIPLE = 10;

  /**
   * Share of a measurement's cost granted on top of what it needs at the grant (past the limit of
   * twice the budget by at most that share of the last measurement). The measurement checks the
   * budget again when it starts, a few clock readings later: granted exactly, it no longer fitted,
   * and every scan extension in the tune benchmark's runs ended the scan at the rung below
   * ("measuring 512 (~0.123 s) would pass 1.94 s; budget extended by 0.475 s", kept 256 on the
   * loaded 1,000-example dataset), while the tests' clock, standing still between readings, hid it.
   */
  static final double GRANT_SLACK = 0.1;

  private BudgetExtension() {}

  /**
   * Extends the budget so that {@code next} can be timed, if {@code model} predicts that training
   * at it instead of the best measured size saves at least {@link #VALUE_MULTIPLE} times the
   * measurement's cost over the planned training (the time to a given progress scales as 1 /
   * goodput).
   *
   * @param points the measured (or reused) step times
   * @return true if the budget has room for timing {@code next}
   */
  static boolean forSize(
      Prober prober, Candidates candidates, GoodputModel model, List<StepTime> points, int next) {
    StepTime best = null;
    double bestGoodput = 0;
    for (StepTime p : points) {
      double g = throughput(p) * model.at(p.batchSize()).efficiency();
      if (g > bestGoodput) {
        best = p;
        bestGoodput = g;
      }
    }
    double nextGoodput = model.goodput(next);
    if (best == null || !(nextGoodput > bestGoodput)) {
      return false;
    }
    double saving =
        prober.budget().plannedSeconds(best.batchSize(), best.seconds())
            * (1 - bestGoodput / nextGoodput);
    double step = candidates.predictStepSeconds(next);
    if (Double.isNaN(step)) {
      // Only reused step times, which the measurement cannot predict from: the model can.
      step = model.stepTime().seconds(next);
    }
    return extend(
        prober,
        "timing " + next,
        candidates.timingCost(step),
        saving,
        prober.budget().secondsIf(next, step));
  }

  /**
   * Extends the budget so that the coarse scan can time {@code next}, the rung above {@code best},
   * if the step-time line through the sizes timed so far predicts that training at {@code next}
   * instead of {@code best} saves at least {@link #VALUE_MULTIPLE} times the cheapest scan
   * measurement's cost over the planned training. The line extrapolates the last rise in step time
   * (none when the steps did not grow): an optimistic guess, which is why only a saving many times
   * the cost justifies the measurement, and why the measurement, not the guess, decides.
   *
   * @return true if the budget has room for timing {@code next}
   */
  static boolean forScan(Prober prober, Candidates candidates, Measurement best, int next) {
    double step = candidates.predictStepSeconds(next);
    if (!(step > 0) || !best.feasible()) {
      return false;
    }
    double saving =
        prober.budget().plannedSeconds(best.batchSize(), best.stepSeconds())
            * (1 - step / next / best.perExampleSeconds());
    return extend(
        prober,
        "scanning " + next,
        candidates.cheapestScanCost(step),
        saving,
        prober.budget().secondsIf(next, step));
  }

  /**
   * Extends the budget for up to {@code estimates} more gradient noise estimates of {@code
   * estimateSeconds} each (as many as the limit leaves room for), when a search has too few to tell
   * the noise scale. At best every size is as efficient as the reference: the most the statistics
   * can be worth is what the measured size of highest throughput would save against the reference
   * over the planned training.
   *
   * @return how many estimates the budget now has room for (0: not extended)
   */
  static int forNoise(
      Prober prober, List<StepTime> points, int reference, double estimateSeconds, int estimates) {
    StepTime start = null;
    StepTime fastest = null;
    for (StepTime p : points) {
      if (start == null
          || Math.abs(p.batchSize() - reference) < Math.abs(start.batchSize() - reference)) {
        start = p;
      }
      if (fastest == null || throughput(p) > throughput(fastest)) {
        fastest = p;
      }
    }
    if (start == null || !(estimateSeconds > 0)) {
      return 0;
    }
    int room =
        (int)
            Math.min(
                estimates,
                Math.floor(
                    (prober.budget().extendedLimitSeconds() - prober.elapsedSeconds())
                        / estimateSeconds));
    if (room < 1) {
      return 0;
    }
    double saving =
        prober.budget().plannedSeconds(start.batchSize(), start.seconds())
            * (1 - throughput(start) / throughput(fastest));
    return extend(
            prober,
            room + " noise estimates",
            room * estimateSeconds,
            saving,
            prober.budgetSeconds())
        ? room
        : 0;
  }

  private static double throughput(StepTime p) {
    return p.batchSize() / p.seconds();
  }

  /**
   * @param budget the budget the measurement will be held against (a size predicted faster than any
   *     so far shortens the planned training, and with it the budget: {@link
   *     ProbeBudget#secondsIf})
   */
  private static boolean extend(
      Prober prober, String what, double cost, double saving, double budget) {
    double needed = prober.elapsedSeconds() + cost - budget;
    double limit = prober.budget().extendedLimitSeconds();
    boolean granted =
        cost > 0 && VALUE_MULTIPLE * cost <= saving && (needed <= 0 || budget + needed <= limit);
    if (log.isDebugEnabled()) {
      log.debug(
          String.format(
              "%s: cost ~%.3g s, predicted saving %.3g s, budget %.3g s of at most %.3g s,"
                  + " %.3g s spent: %s",
              what,
              cost,
              saving,
              budget,
              limit,
              prober.elapsedSeconds(),
              granted ? "extended" : "not extended"));
    }
    if (granted && needed > 0) {
      // The grant is decided on what the measurement needs now; it gives a little more, so that
      // the measurement still fits when it checks the budget itself, a few readings later.
      prober.budget().extend(needed + GRANT_SLACK * cost);
    }
    return granted;
  }

  /** What {@code budget}'s extensions added, for a search's detail (empty when none). */
  static String note(ProbeBudget budget) {
    return budget.extensionSeconds() > 0
        ? String.format(
            "; budget extended by %.3g s for sizes predicted to save %d times their cost",
            budget.extensionSeconds(), VALUE_MULTIPLE)
        : "";
  }
}
