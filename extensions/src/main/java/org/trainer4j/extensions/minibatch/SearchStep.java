package org.trainer4j.extensions.minibatch;

import org.trainer4j.extensions.monitor.UtilizationStats;

/**
 * One loop of a minibatch-size search: the size tried, what it cost and what was measured. Time
 * figures come from the timed steps only (warm-up steps excluded); {@code seconds} is the time of
 * all steps of the loop, warm-up included, which is what the loop cost. Step times leave out the
 * time the probing thread waited for a CPU where the search reads it ({@link RunQueueWait}).
 *
 * @param loop 1-based loop index
 * @param phase the strategy's phase, e.g. {@code "loop"}, {@code "coarse"}, {@code "refine"}
 * @param batchSize the minibatch size tried
 * @param iterations training steps run in this loop, warm-up included
 * @param warmupIterations steps whose time was discarded
 * @param seconds time of all steps of the loop
 * @param perExampleSeconds training seconds per example (NaN when infeasible)
 * @param epochSeconds estimated seconds of one epoch at this size (NaN when infeasible)
 * @param improvementRatio {@code 1 - epochSeconds / baseline}, the baseline being the first
 *     feasible loop's estimate (NaN when infeasible)
 * @param noise relative spread of the timing windows (robust standard deviation over median), NaN
 *     when only one window was timed
 * @param utilization utilization samples taken during the loop, or null when none were sampled
 * @param infeasible true when the size ran out of memory or exceeded the memory ceiling
 * @param note free text: the out-of-memory message, a bound that applied, ...
 */
public record SearchStep(
    int loop,
    String phase,
    int batchSize,
    int iterations,
    int warmupIterations,
    double seconds,
    double perExampleSeconds,
    double epochSeconds,
    double improvementRatio,
    double noise,
    UtilizationStats utilization,
    boolean infeasible,
    String note) {

  public SearchStep {
    note = note == null ? "" : note;
    phase = phase == null ? "" : phase;
  }

  /**
   * Loop {@code loop} of a search: {@code m} recorded in {@code phase}, with its epoch seconds for
   * {@code datasetSize} examples and its improvement over {@code baselineEpochSeconds}.
   */
  static SearchStep of(
      int loop,
      String phase,
      Measurement m,
      int datasetSize,
      double baselineEpochSeconds,
      UtilizationStats util) {
    double epoch = m.feasible() ? m.epochSeconds(datasetSize) : Double.NaN;
    return new SearchStep(
        loop,
        phase,
        m.batchSize(),
        m.steps(),
        m.warmupSteps(),
        m.seconds(),
        m.feasible() ? m.perExampleSeconds() : Double.NaN,
        epoch,
        Double.isFinite(epoch) ? 1 - epoch / baselineEpochSeconds : Double.NaN,
        m.noise(),
        util,
        !m.feasible(),
        m.note());
  }

  /** True when utilization samples were taken in this loop. */
  public boolean hasUtilization() {
    return utilization != null && utilization.hasSamples();
  }
}
