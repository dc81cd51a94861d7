package org.trainer4j.extensions.minibatch;

/**
 * What {@link ThroughputMaximize}'s timings cost, in seconds predicted from a size's step time: the
 * discarded steps plus the windows' steps. Every cost here is before {@link #HEADROOM}, which the
 * callers apply when they hold a cost against the budget.
 */
final class TimingCost {

  /**
   * Factor on a predicted cost before it is held against the budget: predictions interpolate
   * between sizes and miss the noise of the steps.
   */
  static final double HEADROOM = 1.25;

  /**
   * Windows of the cheapest measurement the budget may cut one to: two, though single steps run
   * 3-6x slow now and then; three made it a third dearer, and in the tune benchmark (11c3bcf,
   * reverted) the search then stopped one size short of the best where two had reached it.
   */
  static final int FEWEST_WINDOWS = 2;

  private final ThroughputSettings settings;

  TimingCost(ThroughputSettings settings) {
    this.settings = settings;
  }

  /** {@code warm} discarded steps and {@code count} windows of {@code perWindow} steps. */
  static double of(double stepSeconds, int warm, int count, int perWindow) {
    return (warm + (double) count * perWindow) * stepSeconds;
  }

  /** The cheapest scan measurement: one warm-up step and the fewest windows of one step each. */
  double cheapestScan(double stepSeconds) {
    return of(stepSeconds, Math.min(settings.warmupSteps(), 1), FEWEST_WINDOWS, 1);
  }

  /** A measurement at the window length the settings want (the budget may shorten it). */
  double timing(double stepSeconds) {
    int perWindow =
        (int) Math.max(1, Math.min(settings.maxStepsPerWindow(), wantedSteps(stepSeconds)));
    return of(stepSeconds, settings.warmupSteps(), settings.windows(), perWindow);
  }

  /** Steps a window needs to last the settings' shortest window. */
  long wantedSteps(double stepSeconds) {
    return (long) Math.ceil(settings.minWindowSeconds() / stepSeconds);
  }
}
