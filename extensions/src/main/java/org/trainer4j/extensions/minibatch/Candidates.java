package org.trainer4j.extensions.minibatch;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sizes {@link ThroughputMaximize} has measured, and the budget-aware way it measures them.
 * Each size keeps its windows pooled over all its measurements. A measurement is started only if
 * its predicted cost (a step modelled as a fixed overhead plus a cost per example) fits the
 * remaining budget; before giving up on a size, a cheaper measurement is tried (one warm-up step,
 * single-step windows, then two windows).
 */
final class Candidates {

  /** The phase name of the coarse scan's measurements, which use fewer windows. */
  static final String SCAN = "coarse";

  /** The phase name of a scan's paired re-check, which has as few rounds as a scan's windows. */
  static final String RECHECK = "recheck";

  /** Measurements per search at most, whatever the budget says. */
  static final int MAX_MEASUREMENTS = 60;

  private final Prober prober;
  private final ThroughputSettings settings;
  private final TimingCost costs;
  private final TreeMap<Integer, Measurement> pooled = new TreeMap<>();

  /** What the budget paid for each size's latest fresh measurement ({@link #time}). */
  private final Map<Integer, Double> charged = new HashMap<>();

  private int measurements;
  private boolean budgetHit;
  private String budgetNote = "";
  private int loadChanges;

  Candidates(Prober prober, ThroughputSettings settings) {
    this.prober = prober;
    this.settings = settings;
    this.costs = new TimingCost(settings);
  }

  Prober prober() {
    return prober;
  }

  ThroughputSettings settings() {
    return settings;
  }

  boolean budgetHit() {
    return budgetHit;
  }

  String budgetNote() {
    return budgetNote;
  }

  int loadChanges() {
    return loadChanges;
  }

  /** Every size measured, with its pooled windows, by size. */
  TreeMap<Integer, Measurement> all() {
    return pooled;
  }

  /**
   * The pooled measurement of {@code b}, measuring it first if it is new; null when it is out of
   * bounds or the budget does not allow it.
   */
  Measurement measure(int b, String phase) {
    Measurement known = pooled.get(b);
    if (known != null) {
      return known;
    }
    if (b < prober.minBatchSize() || b > prober.maxBatchSize()) {
      return null;
    }
    return remeasure(b, phase);
  }

  /**
   * The measurement of the start size {@code b}, halving it while it does not fit in memory; null
   * when no size fits or the budget does not allow it.
   */
  Measurement measureFirstFeasible(int b, String phase) {
    Measurement m = measure(b, phase);
    while (m != null && !m.feasible() && prober.clamp(m.batchSize() / 2) < m.batchSize()) {
      m = measure(prober.clamp(m.batchSize() / 2), phase);
    }
    return m != null && m.feasible() ? m : null;
  }

  /** A fresh measurement of {@code b} (also pooled); null when the budget does not allow it. */
  Measurement remeasure(int b, String phase) {
    Measurement fresh = time(b, phase);
    if (fresh != null) {
      pooled.merge(b, fresh, Measurement::pooledWith);
    }
    return fresh;
  }

  /**
   * A fresh measurement of {@code b} in place of its pooled windows, which caught a disturbance
   * ({@link DisturbedTimings}); null, and the old windows kept, when the budget does not allow it.
   */
  Measurement retime(int b, String phase) {
    Measurement stale = pooled.remove(b);
    Measurement fresh = time(b, phase);
    pooled.put(b, fresh != null ? fresh : stale);
    loadChanges += fresh != null ? 1 : 0;
    return fresh;
  }

  /**
   * {@link #pair} for a size whose windows look disturbed, priced and pooled as if it had never
   * been timed (its own windows would price the pairing at the disturbance's cost, and drag its new
   * median towards it); its old windows stay when nothing new was timed.
   */
  PairedTiming.Result recheck(int candidate, Measurement incumbent) {
    Measurement stale = pooled.remove(candidate);
    PairedTiming.Result r = pair(candidate, incumbent, RECHECK);
    if (stale != null) {
      pooled.putIfAbsent(candidate, stale);
    }
    return r;
  }

  /**
   * Forgets {@code b}'s windows, which a stall spoiled and the budget cannot time again: no fit
   * should rest on them, and a later {@link #measure} times {@code b} afresh.
   */
  void discard(int b) {
    pooled.remove(b);
    charged.remove(b);
  }

  /** What the budget paid for the latest fresh measurement of {@code b} (0 if none). */
  double charged(int b) {
    return Math.max(0, charged.getOrDefault(b, 0.0));
  }

  /**
   * The time of {@code candidate} relative to {@code incumbent}, the two timed in alternating
   * windows ({@link PairedTiming}) so that both were timed under the same conditions; the candidate
   * may be new. If the incumbent no longer matches its earlier windows, the load has changed: the
   * stale windows of both sizes are replaced by the paired ones, so that later comparisons do not
   * mix conditions either. Null when the budget does not allow the pairing; the ratio is NaN when a
   * size failed (its measurement says why). A ratio to the incumbent's old windows would be the
   * unpaired comparison the caller wanted to avoid.
   */
  PairedTiming.Result pair(int candidate, Measurement incumbent, String phase) {
    int b = incumbent.batchSize();
    if (measurements + 2 > MAX_MEASUREMENTS) {
      return overBudget("measurement limit " + MAX_MEASUREMENTS);
    }
    double candidateStep = predictStepSeconds(candidate);
    double incumbentStep = pooled.get(b).stepSeconds();
    // A size timed before needs only the step after the change of size discarded.
    int warmup = settings.warmupSteps();
    int candidateWarmup =
        pooled.containsKey(candidate) ? Math.min(warmup, PairedTiming.Plan.SWITCH_WARMUP) : warmup;
    int incumbentWarmup = Math.min(warmup, PairedTiming.Plan.SWITCH_WARMUP);
    PairedTiming.Plan plan =
        new PairedTiming.Plan(
            stepsPerWindow(candidateStep),
            candidateWarmup,
            stepsPerWindow(incumbentStep),
            incumbentWarmup,
            phase.equals(RECHECK) ? settings.scanWindows() : settings.windows());
    if (!affordable(candidate, candidateStep, incumbentStep, plan)) {
      plan = new PairedTiming.Plan(1, candidateWarmup, 1, incumbentWarmup, plan.rounds());
      if (!affordable(candidate, candidateStep, incumbentStep, plan)) {
        plan = new PairedTiming.Plan(1, candidateWarmup, 1, incumbentWarmup, 2);
      }
    }
    if (!affordable(candidate, candidateStep, incumbentStep, plan)) {
      return overBudget(
          String.format(
              "budget: timing %d against %d would pass %.3g s (%.3g s spent)",
              candidate, b, prober.budgetSeconds(), prober.elapsedSeconds()));
    }
    measurements += 2;
    PairedTiming.Result r = new PairedTiming(prober).run(candidate, b, plan);
    Measurement c = r.candidate();
    Measurement i = r.incumbent();
    if (c != null) {
      prober.record(phase, c, null);
    }
    if (i != null) {
      prober.record("incumbent", i, null);
    }
    if (c == null || i == null || !c.feasible() || !i.feasible()) {
      if (c != null && !c.feasible()) {
        pooled.merge(candidate, c, Measurement::pooledWith);
      }
      return r;
    }
    double drift = i.perExampleSeconds() / pooled.get(b).perExampleSeconds();
    if (Math.abs(drift - 1) > 2 * margin()) {
      loadChanges++;
      pooled.put(b, i);
      pooled.put(candidate, c);
    } else {
      pooled.merge(b, i, Measurement::pooledWith);
      pooled.merge(candidate, c, Measurement::pooledWith);
    }
    return r;
  }

  /** The relative difference that counts: {@code max(minGain, noiseMultiplier * pooled noise)}. */
  double margin() {
    return Math.max(settings.minGain(), settings.noiseMultiplier() * pooledNoise());
  }

  /** The median relative spread of the sizes measured so far (0 before any). */
  double pooledNoise() {
    double median = medianNoiseExcept(0); // no size is 0
    return Double.isNaN(median) ? 0.0 : median;
  }

  /** The median relative spread of the feasible sizes other than {@code b}; NaN with none. */
  double medianNoiseExcept(int b) {
    return WindowStats.median(
        pooled.values().stream()
            .filter(m -> m.batchSize() != b && m.feasible() && Double.isFinite(m.noise()))
            .map(Measurement::noise)
            .toList());
  }

  /**
   * The smallest size above {@code b} that ran out of memory or was refused in this search, or the
   * largest int when none did.
   */
  int smallestFailedAbove(int b) {
    return all().values().stream()
        .filter(m -> !m.feasible() && m.batchSize() > b)
        .mapToInt(Measurement::batchSize)
        .min()
        .orElse(Integer.MAX_VALUE);
  }

  /**
   * Whether the budget allows a scan measurement of {@code b} now, at least the cheapest one that
   * {@link #measure} would settle for.
   */
  boolean affordsScan(int b) {
    double stepSeconds = predictStepSeconds(b);
    return measurements < MAX_MEASUREMENTS && fits(b, stepSeconds, costs.cheapestScan(stepSeconds));
  }

  /**
   * What the cheapest scan measurement that {@link #measure} would settle for costs with its
   * headroom, for a size of {@code stepSeconds} a step (NaN when that is unknown).
   */
  double cheapestScanCost(double stepSeconds) {
    return budgetSecondsOf(costs.cheapestScan(stepSeconds));
  }

  /** Runs a measurement of {@code b} sized to the budget; null if not even a cheap one fits. */
  private Measurement time(int b, String phase) {
    if (measurements >= MAX_MEASUREMENTS) {
      return overBudget("measurement limit " + MAX_MEASUREMENTS);
    }
    double stepSeconds = predictStepSeconds(b);
    int perWindow = stepsPerWindow(stepSeconds);
    int warm = settings.warmupSteps();
    int count = phase.equals(SCAN) ? settings.scanWindows() : settings.windows();
    if (!affordable(b, stepSeconds, warm, count, perWindow)) {
      warm = Math.min(warm, 1);
      perWindow = 1;
      if (!affordable(b, stepSeconds, warm, count, perWindow)) {
        count = Math.min(count, TimingCost.FEWEST_WINDOWS);
      }
    }
    if (!affordable(b, stepSeconds, warm, count, perWindow)) {
      double cost = TimingCost.of(stepSeconds, warm, count, perWindow);
      return overBudget(
          String.format(
              "budget: measuring %d (%s) would pass %.3g s (%.3g s spent)",
              b,
              // Nothing timed near b yet: no cost to predict, and no budget left to learn it. The
              // cost is quoted as the budget weighs it (headroom, wall-clock pace), not in step
              // time.
              Double.isNaN(cost) ? "cost unknown" : String.format("~%.3g s", budgetSecondsOf(cost)),
              prober.budgetSeconds(),
              prober.elapsedSeconds()));
    }
    measurements++;
    double counted = prober.elapsedSeconds() - prober.budget().uncountedSeconds();
    Measurement sizing = null;
    if (Double.isNaN(stepSeconds) && settings.minWindowSeconds() > 0) {
      // Nothing known yet: one more step, counted as warm-up, sizes the windows.
      sizing = prober.measure(b, warm, 1, 1);
      warm = 0;
      perWindow = sizing.feasible() ? stepsPerWindow(sizing.stepSeconds()) : perWindow;
    }
    Measurement m =
        sizing != null && !sizing.feasible() ? sizing : prober.measure(b, warm, count, perWindow);
    if (sizing != null && sizing.feasible()) {
      m =
          new Measurement(
              b,
              m.windows(),
              sizing.steps() + m.steps(),
              sizing.steps() + m.warmupSteps(),
              sizing.seconds() + m.seconds(),
              Math.max(sizing.peakBytes(), m.peakBytes()),
              m.feasible(),
              m.note());
    }
    charged.put(b, prober.elapsedSeconds() - prober.budget().uncountedSeconds() - counted);
    prober.record(phase, m, null);
    return m;
  }

  /**
   * What timing a size of {@code stepSeconds} a step costs with its headroom, at the window length
   * the settings want (the budget may shorten it).
   */
  double timingCost(double stepSeconds) {
    return budgetSecondsOf(costs.timing(stepSeconds));
  }

  /**
   * What {@code stepCost} seconds of step time cost in the budget's seconds: with the headroom, and
   * scaled to wall-clock time, since step times leave out waits for a CPU and the budget does not.
   */
  private double budgetSecondsOf(double stepCost) {
    return TimingCost.HEADROOM * stepCost * prober.wallPerStepSecond();
  }

  private <T> T overBudget(String note) {
    budgetHit = true;
    budgetNote = note;
    return null;
  }

  private int stepsPerWindow(double stepSeconds) {
    if (!(stepSeconds > 0)) {
      return 1;
    }
    long wanted = costs.wantedSteps(stepSeconds);
    double remaining = prober.budgetSeconds() - prober.elapsedSeconds();
    if (Double.isFinite(remaining)) {
      // Leave room for about six more measurements of this cost (in wall-clock time, as the
      // budget is).
      double wallStep = stepSeconds * prober.wallPerStepSecond();
      long affordable =
          (long)
              Math.floor((remaining / 6 / wallStep - settings.warmupSteps()) / settings.windows());
      wanted = Math.min(wanted, affordable);
    }
    return (int) Math.max(1, Math.min(settings.maxStepsPerWindow(), wanted));
  }

  private boolean affordable(int b, double stepSeconds, int warm, int count, int perWindow) {
    return fits(b, stepSeconds, TimingCost.of(stepSeconds, warm, count, perWindow));
  }

  private boolean affordable(
      int candidate, double candidateStep, double incumbentStep, PairedTiming.Plan plan) {
    double cost =
        TimingCost.of(
                candidateStep, plan.candidateWarmupTotal(), plan.rounds(), plan.candidateSteps())
            + TimingCost.of(
                incumbentStep, plan.incumbentWarmupTotal(), plan.rounds(), plan.incumbentSteps());
    return fits(candidate, candidateStep, cost);
  }

  /**
   * Whether timing that costs {@code cost} seconds (before headroom) fits the budget, which shrinks
   * should {@code b} prove as fast as {@code stepSeconds} predicts; true while nothing predicts it.
   */
  private boolean fits(int b, double stepSeconds, double cost) {
    if (prober.budgetExhausted()) {
      return false;
    }
    if (Double.isNaN(stepSeconds)) {
      return true;
    }
    double budget = prober.budget().secondsIf(b, stepSeconds);
    return Double.isInfinite(budget) || prober.elapsedSeconds() + budgetSecondsOf(cost) <= budget;
  }

  /** Step seconds at {@code b} predicted from the measured sizes ({@link StepTimePrediction}). */
  double predictStepSeconds(int b) {
    return StepTimePrediction.predict(pooled, b);
  }

  /** The nearest feasible entry at or beyond {@code entry}, going up or down. */
  Map.Entry<Integer, Measurement> feasible(Map.Entry<Integer, Measurement> entry, boolean up) {
    return StepTimePrediction.feasible(pooled, entry, up);
  }
}
