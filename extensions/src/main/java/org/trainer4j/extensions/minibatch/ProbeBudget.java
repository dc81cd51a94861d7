package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * What one search may spend, as its probes go: the {@link Budget}'s share of the planned training,
 * estimated at the fastest size measured so far and at the pace the probes ran, plus the seconds
 * strategies were granted ({@link #extend}) and the seconds kept out of it ({@link #uncount}). The
 * {@link Prober} owns one and feeds it each measurement and the probes' pace; strategies read it
 * through the prober.
 */
final class ProbeBudget {

  private final SearchContext context;
  private Measurement fastest;
  private double extensionSeconds;
  private double uncountedSeconds;

  /** Rank 0's {@link ProbePace#wallPerStepSecond}, taken once per probe, not at each read. */
  private double wallPerStepSecond = 1;

  ProbeBudget(SearchContext context) {
    this.context = Preconditions.checkNotNull(context, "context");
  }

  /** The budget's share of the plan at the fastest size so far, plus {@link #uncount}'s seconds. */
  double seconds() {
    return secondsFor(plannedAtFastest());
  }

  private double secondsFor(double plannedSeconds) {
    return context.settings().budget().secondsFor(plannedSeconds)
        + extensionSeconds
        + uncountedSeconds;
  }

  /** True once a feasible size was measured (or assumed): until then the budget is its floor. */
  boolean known() {
    return fastest != null;
  }

  /** The planned training's seconds at the fastest size so far (NaN before any). */
  private double plannedAtFastest() {
    return fastest == null
        ? Double.NaN
        : plannedSeconds(fastest.batchSize(), fastest.perExampleSeconds() * fastest.batchSize());
  }

  /**
   * The budget once a measurement at {@code batchSize} finds {@code stepSeconds} a step: the plan
   * at that pace while nothing was measured, else {@link #secondsIf}.
   */
  double secondsOnceMeasured(int batchSize, double stepSeconds) {
    return fastest == null
        ? secondsFor(plannedSeconds(batchSize, stepSeconds))
        : secondsIf(batchSize, stepSeconds);
  }

  /**
   * The budget should a measurement at {@code batchSize} find it as fast as {@code stepSeconds}
   * predicts: a faster size shortens the planned training, and with it the budget.
   */
  double secondsIf(int batchSize, double stepSeconds) {
    double now = seconds();
    boolean faster =
        stepSeconds > 0 && fastest != null && stepSeconds / batchSize < fastest.perExampleSeconds();
    return faster ? Math.min(now, secondsFor(plannedSeconds(batchSize, stepSeconds))) : now;
  }

  /**
   * The planned training's wall-clock seconds at {@code batchSize} taking {@code stepSeconds} a
   * step, at the pace the probes ran ({@link #wallPerStepSecond}).
   */
  double plannedSeconds(int batchSize, double stepSeconds) {
    return context.plan().seconds(batchSize, stepSeconds / batchSize, context.datasetSize())
        * wallPerStepSecond;
  }

  /** {@link ProbePace#wallPerStepSecond} of rank 0's probes, which every member's decisions use. */
  double wallPerStepSecond() {
    return wallPerStepSecond;
  }

  /** Takes the pace of the probes so far, rank 0's, once per probe. */
  void pace(double rootWallPerStepSecond) {
    wallPerStepSecond = rootWallPerStepSecond;
  }

  /** Takes a feasible measurement: the fastest so far sets the planned training. */
  void measured(Measurement m) {
    if (fastest == null || m.perExampleSeconds() < fastest.perExampleSeconds()) {
      fastest = m;
    }
  }

  /**
   * Takes {@code stepSeconds} at {@code batchSize}, timed by an earlier search, as known: it sets
   * the budget as a measurement would, for a search that reuses step times and times none.
   */
  void assumeMeasured(int batchSize, double stepSeconds) {
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive: %s", batchSize);
    Preconditions.checkArgument(stepSeconds > 0, "stepSeconds must be positive: %s", stepSeconds);
    measured(
        new Measurement(
            batchSize, List.of(stepSeconds / batchSize), 0, 0, 0, -1, true, "measured before"));
  }

  /** Seconds {@link #extend} has added to the budget. */
  double extensionSeconds() {
    return extensionSeconds;
  }

  /** The most the budget may become by extensions ({@link Budget#extendedSecondsFor}). */
  double extendedLimitSeconds() {
    return context.settings().budget().extendedSecondsFor(plannedAtFastest()) + uncountedSeconds;
  }

  /**
   * Adds {@code seconds} to the budget, for a strategy whose model predicts that what it would
   * measure pays for itself many times over ({@link BudgetExtension}, which bounds the total).
   */
  void extend(double seconds) {
    Preconditions.checkArgument(
        seconds >= 0 && Double.isFinite(seconds), "seconds must be finite, >= 0: %s", seconds);
    extensionSeconds += seconds;
  }

  /**
   * Keeps {@code seconds} spent out of the budget: the first measurement's warm-up, which training
   * pays anyway ({@link WarmUp}), and a disturbance's ({@link DisturbedTimings}).
   */
  void uncount(double seconds) {
    Preconditions.checkArgument(seconds >= 0 && Double.isFinite(seconds), "seconds: %s", seconds);
    uncountedSeconds += seconds;
  }

  /**
   * Counts again {@code seconds} that {@link #uncount} kept out, a refund that proved wrong (up to
   * the rounding of sums uncounted and counted again in another order).
   */
  void recount(double seconds) {
    Preconditions.checkArgument(
        seconds >= 0 && seconds <= uncountedSeconds + 1e-9, "seconds: %s", seconds);
    uncountedSeconds = Math.max(0, uncountedSeconds - seconds);
  }

  double uncountedSeconds() {
    return uncountedSeconds;
  }
}
