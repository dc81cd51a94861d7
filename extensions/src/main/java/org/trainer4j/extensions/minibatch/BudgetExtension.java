package org.trainer4j.extensions.minibatch;

import java.util.List;
import org.trainer4j.extensions.minibatch.goodput.GoodputModel;
import org.trainer4j.extensions.minibatch.goodput.StepTime;

/**
 * When a goodput search may measure past its budget. The budget bounds probing that may not pay; on
 * a short training its floor ended searches at 64, or before any gradient noise estimate, while the
 * fitted model put the argmax at sizes that reached the target in half the time. A measurement
 * predicted to save many times its cost is worth making: the budget is then extended, up to {@link
 * Budget#extendedSecondsFor} (twice the run's budget, never past its cap).
 */
final class BudgetExtension {

  /** A measurement past the budget must be predicted to save this many times its cost. */
  static final int VALUE_MULTIPLE = 10;

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
      Prober prober,
      Candidates candidates,
      GoodputModel model,
      List<StepTime> points,
      int next,
      ThroughputSettings measurement) {
    StepTime best = null;
    double bestGoodput = 0;
    for (StepTime p : points) {
      double g = p.batchSize() / p.seconds() * model.at(p.batchSize()).efficiency();
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
        prober.plannedSeconds(best.batchSize(), best.seconds()) * (1 - bestGoodput / nextGoodput);
    double cost = candidates.predictedCost(next);
    if (Double.isNaN(cost)) {
      // Only reused step times, which the measurement cannot predict from: the model can.
      double step = model.stepTime().seconds(next);
      cost =
          Candidates.COST_HEADROOM
              * (measurement.warmupSteps() * step
                  + measurement.windows() * Math.max(step, measurement.minWindowSeconds()));
    }
    return extend(prober, cost, saving);
  }

  /**
   * Extends the budget for {@code estimates} more gradient noise estimates of {@code
   * estimateSeconds} each, when a search has too few to tell the noise scale. At best every size is
   * as efficient as the reference: the most the statistics can be worth is what the measured size
   * of highest throughput would save against the reference over the planned training.
   */
  static boolean forNoise(
      Prober prober, List<StepTime> points, int reference, double estimateSeconds, int estimates) {
    StepTime start = null;
    StepTime fastest = null;
    for (StepTime p : points) {
      if (start == null
          || Math.abs(p.batchSize() - reference) < Math.abs(start.batchSize() - reference)) {
        start = p;
      }
      if (fastest == null
          || p.batchSize() / p.seconds() > fastest.batchSize() / fastest.seconds()) {
        fastest = p;
      }
    }
    if (start == null || !(estimateSeconds > 0)) {
      return false;
    }
    double saving =
        prober.plannedSeconds(start.batchSize(), start.seconds())
            * (1 - throughput(start) / throughput(fastest));
    return extend(prober, estimates * estimateSeconds, saving);
  }

  private static double throughput(StepTime p) {
    return p.batchSize() / p.seconds();
  }

  private static boolean extend(Prober prober, double cost, double saving) {
    if (!(cost > 0) || !(VALUE_MULTIPLE * cost <= saving)) {
      return false;
    }
    double needed = prober.elapsedSeconds() + cost - prober.budgetSeconds();
    if (needed <= 0) {
      return true;
    }
    if (prober.budgetSeconds() + needed > prober.extendedBudgetLimitSeconds()) {
      return false;
    }
    prober.extendBudget(needed);
    return true;
  }
}
