package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;

/**
 * How long a search may probe: a fraction of the planned training's duration, never less than a
 * floor and never more than a cap, in seconds. The planned duration is estimated from the fastest
 * size measured so far, so the budget is known only after the first measurement; until then it is
 * the floor. Relating the budget to the whole planned training (not to one epoch) lets a search on
 * a tiny dataset trained for many epochs still reach its best size.
 *
 * @param fractionOfTraining share of the planned training's seconds, in [0, 1]
 * @param floorSeconds seconds the search may always use, however short the training
 * @param capSeconds seconds the budget's share and its extensions never exceed ({@code +Infinity}
 *     for no cap). What a search gives back on top is not capped: the first measurement's warm-up
 *     ({@code WarmUp}: its steps past the settings' two at most 0.5 s and the floor) and, for
 *     {@link ThroughputMaximize}, the cost of a timing a disturbance spoiled; a search under a cap
 *     of {@code c} seconds may so spend a little more than {@code c}, but no more than its warm-up
 *     steps once one of them costs more than the whole budget ({@code UnaffordableStep})
 * @param spentSeconds seconds earlier searches of the same training already took from it (an
 *     adaptive search re-estimating during training shares one budget over the whole run)
 * @param shares how many searches, this one included, what is left must last: this search may take
 *     one equal share of it (1: all of it), so that one re-estimate cannot leave the later ones
 *     nothing
 */
public record Budget(
    double fractionOfTraining,
    double floorSeconds,
    double capSeconds,
    double spentSeconds,
    int shares) {

  /**
   * 2.5 % of the planned training, at least 0.5 s, no cap. The search estimates the planned
   * training from its own short windows, which run up to about 20 % slower than the training's warm
   * steps; aiming at 2.5 % keeps the spend within 3 % of the training as it really runs (at 3 % the
   * tune benchmark measured 3.2-3.3 %). A 1 s floor let its 1,000-example workload probe 4 % of its
   * 25 s training.
   */
  public static final Budget DEFAULT = new Budget(0.025, 0.5, Double.POSITIVE_INFINITY);

  /** A budget nothing has been spent from. */
  public Budget(double fractionOfTraining, double floorSeconds, double capSeconds) {
    this(fractionOfTraining, floorSeconds, capSeconds, 0, 1);
  }

  public Budget {
    Preconditions.checkArgument(
        fractionOfTraining >= 0 && fractionOfTraining <= 1,
        "fractionOfTraining must be in [0, 1]: %s",
        fractionOfTraining);
    Preconditions.checkArgument(
        floorSeconds >= 0 && !Double.isNaN(floorSeconds),
        "floorSeconds must not be negative: %s",
        floorSeconds);
    Preconditions.checkArgument(capSeconds > 0, "capSeconds must be positive: %s", capSeconds);
    Preconditions.checkArgument(
        spentSeconds >= 0 && !Double.isNaN(spentSeconds),
        "spentSeconds must not be negative: %s",
        spentSeconds);
    Preconditions.checkArgument(shares >= 1, "shares must be at least 1: %s", shares);
    Preconditions.checkArgument(
        floorSeconds <= capSeconds,
        "floorSeconds %s must not exceed capSeconds %s",
        floorSeconds,
        capSeconds);
  }

  /** A share of the planned training, with the default floor of 0.5 s. */
  public static Budget fraction(double fractionOfTraining) {
    return new Budget(fractionOfTraining, DEFAULT.floorSeconds(), Double.POSITIVE_INFINITY);
  }

  /**
   * {@code seconds}, whatever the planned training (plus what the search gives back, see {@link
   * #capSeconds}).
   */
  public static Budget fixedSeconds(double seconds) {
    Preconditions.checkArgument(seconds > 0, "seconds must be positive: %s", seconds);
    return new Budget(0, seconds, seconds);
  }

  /** No limit at all (tests and benchmarks that want the strategy's own stopping rule). */
  public static Budget unlimited() {
    return new Budget(1, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  /** This budget with another floor. */
  public Budget withFloorSeconds(double seconds) {
    return new Budget(
        fractionOfTraining, seconds, Math.max(seconds, capSeconds), spentSeconds, shares);
  }

  /** This budget with another cap. */
  public Budget withCapSeconds(double seconds) {
    Preconditions.checkArgument(seconds > 0, "capSeconds must be positive: %s", seconds);
    return new Budget(
        fractionOfTraining, Math.min(floorSeconds, seconds), seconds, spentSeconds, shares);
  }

  /** This budget after {@code seconds} more of it were spent. */
  public Budget afterSpending(double seconds) {
    Preconditions.checkArgument(
        seconds >= 0 && !Double.isNaN(seconds), "seconds must not be negative: %s", seconds);
    return new Budget(fractionOfTraining, floorSeconds, capSeconds, spentSeconds + seconds, shares);
  }

  /** This budget with nothing left: a search under it decides from what it knows already. */
  public Budget exhausted() {
    return afterSpending(Double.POSITIVE_INFINITY);
  }

  /** This budget for one of {@code searches} searches that share what is left equally. */
  public Budget sharedBy(int searches) {
    return new Budget(fractionOfTraining, floorSeconds, capSeconds, spentSeconds, searches);
  }

  /**
   * Seconds left for a training planned to last {@code plannedSeconds} (the floor while that is
   * unknown, NaN), less what was spent, divided among the {@link #shares}; never negative.
   */
  public double secondsFor(double plannedSeconds) {
    return shareOf(whole(plannedSeconds));
  }

  /**
   * The most a search may take when its strategy extends the budget for measurements predicted to
   * pay for themselves many times over: twice the run's whole budget, never past the cap (so a
   * {@link #fixedSeconds} budget is never extended), less what was spent, divided among the {@link
   * #shares}.
   */
  public double extendedSecondsFor(double plannedSeconds) {
    return shareOf(Math.min(capSeconds, 2 * whole(plannedSeconds)));
  }

  /** This search's share of {@code total} less what was spent; 0, not NaN, when all was spent. */
  private double shareOf(double total) {
    double left = total - spentSeconds;
    return left > 0 ? left / shares : 0;
  }

  private double whole(double plannedSeconds) {
    double share = Double.isFinite(plannedSeconds) ? fractionOfTraining * plannedSeconds : 0;
    return Math.min(capSeconds, Math.max(floorSeconds, share));
  }
}
