package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;

/**
 * The seed paper's Listing 3 (errata applied): grow the minibatch until the estimated epoch time
 * stops improving. Each loop times {@code iterationsPerLoop} training steps and estimates one epoch
 * as {@code seconds / iterations * datasetSize / batchSize}; the first loop's estimate is the
 * baseline and the improvement ratio is {@code 1 - t / t_baseline}. Every {@code checkEvery}-th
 * loop the ratio is compared with the ratio at the previous check (initially the baseline's 0):
 * within {@code improvementTolerance} (0.05; the paper's {@code norm}) the search has converged and
 * the current size is chosen. Otherwise the size grows by {@code calc_positive_update_diff}, which
 * we define as the pre-errata listing did ({@code update_diff <- update_diff + 1}), scaled by
 * {@code stepIncrement}: the k-th increase is {@code k * stepIncrement}, so sizes go 32, 33, 35,
 * 38, 42, ... with the default increment 1. After {@code maxLoops} loops the last measured size is
 * chosen. With an updater that needs multiples of its replica count, each size is rounded to the
 * nearest multiple (at least the next one up).
 *
 * <p>Faithful to the paper on purpose, flaws included: no warm-up, one timing per size, a fixed
 * threshold, and the size only grows. {@link ThroughputMaximize} fixes these.
 */
public final class EpochTimeMinimize implements MinibatchSizeStrategy {

  private final double improvementTolerance;
  private final int checkEvery;
  private final int maxLoops;
  private final int iterationsPerLoop;
  private final double minSecondsPerLoop;
  private final int warmupIterations;
  private final int stepIncrement;

  private EpochTimeMinimize(Builder b) {
    this.improvementTolerance = b.improvementTolerance;
    this.checkEvery = b.checkEvery;
    this.maxLoops = b.maxLoops;
    this.iterationsPerLoop = b.iterationsPerLoop;
    this.minSecondsPerLoop = b.minSecondsPerLoop;
    this.warmupIterations = b.warmupIterations;
    this.stepIncrement = b.stepIncrement;
  }

  /** The paper's settings. */
  public static EpochTimeMinimize create() {
    return builder().build();
  }

  /**
   * Defaults: improvement tolerance 0.05, check every 5 loops, at most 100 loops, 20 timed steps
   * per loop, no warm-up, step increment 1.
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "EpochTimeMinimize";
  }

  @Override
  public SearchResult apply(SearchContext context) {
    return Prober.guard(context, name(), this::run);
  }

  /** The paper's {@code calc_positive_update_diff}: the previous increase plus the increment. */
  int calcPositiveUpdateDiff(int previousDiff) {
    return previousDiff + stepIncrement;
  }

  private SearchResult run(Prober prober) {
    int b = prober.initialBatchSize();
    int diff = 0;
    double ratioAtLastCheck = 0.0;
    double ratio = Double.NaN;
    int lastFeasible = -1;
    for (int loop = 1; loop <= maxLoops; loop++) {
      if (prober.budgetExhausted()) {
        return prober.result(name(), lastFeasible, StopReason.BUDGET, "probing budget spent");
      }
      Measurement m = prober.measureFor(b, warmupIterations, iterationsPerLoop, minSecondsPerLoop);
      SearchStep step = prober.record("loop", m, null);
      if (m.feasible()) {
        lastFeasible = b;
        ratio = step.improvementRatio();
      }
      if (loop % checkEvery == 0 && Double.isFinite(ratio)) {
        if (Math.abs(ratio - ratioAtLastCheck) <= improvementTolerance) {
          return prober.result(
              name(),
              lastFeasible,
              StopReason.CONVERGED,
              String.format(
                  "improvement ratio %.4f vs %.4f at the previous check", ratio, ratioAtLastCheck));
        }
        ratioAtLastCheck = ratio;
      }
      diff = calcPositiveUpdateDiff(diff);
      int grown = prober.clamp((long) b + diff);
      // With replicas, rounding to a multiple may undo a small step: take the next multiple then.
      b = grown > b ? grown : prober.next(b);
    }
    return prober.result(name(), lastFeasible, StopReason.MAX_LOOPS, maxLoops + " loops");
  }

  /** Configures an {@link EpochTimeMinimize}. */
  public static final class Builder {
    private double improvementTolerance = 0.05;
    private int checkEvery = 5;
    private int maxLoops = 100;
    private int iterationsPerLoop = 20;
    private double minSecondsPerLoop;
    private int warmupIterations;
    private int stepIncrement = 1;

    private Builder() {}

    /**
     * How little the improvement ratio may move between checks for the search to have converged
     * (default 0.05; Listing 3's {@code norm}, a ratio here and an example count in {@link
     * GpuUsageMaximize}, hence two names).
     */
    public Builder improvementTolerance(double tolerance) {
      Preconditions.checkArgument(
          tolerance >= 0, "improvementTolerance must not be negative: %s", tolerance);
      this.improvementTolerance = tolerance;
      return this;
    }

    public Builder checkEvery(int loops) {
      Preconditions.checkArgument(loops > 0, "checkEvery must be positive: %s", loops);
      this.checkEvery = loops;
      return this;
    }

    public Builder maxLoops(int loops) {
      Preconditions.checkArgument(loops > 0, "maxLoops must be positive: %s", loops);
      this.maxLoops = loops;
      return this;
    }

    /** Timed training steps per loop (default 20). */
    public Builder iterationsPerLoop(int steps) {
      Preconditions.checkArgument(steps > 0, "iterationsPerLoop must be positive: %s", steps);
      this.iterationsPerLoop = steps;
      return this;
    }

    /** Seconds each loop times at least (default 0: the step count alone decides). */
    public Builder minSecondsPerLoop(double seconds) {
      Preconditions.checkArgument(seconds >= 0, "minSecondsPerLoop must be >= 0: %s", seconds);
      this.minSecondsPerLoop = seconds;
      return this;
    }

    /** Untimed steps before each loop's timing (default 0, as in the paper). */
    public Builder warmupIterations(int steps) {
      Preconditions.checkArgument(steps >= 0, "warmupIterations must be >= 0: %s", steps);
      this.warmupIterations = steps;
      return this;
    }

    /** Growth of the step from one loop to the next (default 1). */
    public Builder stepIncrement(int increment) {
      Preconditions.checkArgument(increment > 0, "stepIncrement must be positive: %s", increment);
      this.stepIncrement = increment;
      return this;
    }

    public EpochTimeMinimize build() {
      return new EpochTimeMinimize(this);
    }
  }
}
