package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Our strategy: minimize the measured end-to-end epoch time (data loading included, because it
 * times whole updater steps), robustly and cheaply.
 *
 * <ul>
 *   <li><b>Measurement.</b> After every change of size, {@code warmupSteps} steps are run and
 *       discarded (new workspace sizes, caches). Then {@code windows} timing windows of equal step
 *       count are timed; a window lasts at least {@code minWindowSeconds} when the budget allows. A
 *       size's time per example is the median of its windows, its noise the robust relative spread
 *       {@code 1.4826 * MAD / median}.
 *   <li><b>Margin.</b> A difference counts only if it exceeds {@code margin = max(minGain,
 *       noiseMultiplier * pooled noise)}, the pooled noise being the median noise of all sizes
 *       measured so far. This replaces the paper's fixed 0.05.
 *   <li><b>Coarse phase.</b> From the start size, multiply by {@code growthFactor} while it helps;
 *       a size that is not better than the best by the margin (flat, or worse) counts against a
 *       {@code patience} of 2, so one bad point (noise, a bump) does not end the scan. If nothing
 *       above the start helps, the same scan goes down.
 *   <li><b>Refinement.</b> Golden-section search, in log-size, in the bracket formed by the best
 *       coarse size's neighbours, always keeping the best size seen (no unimodality assumed). Stops
 *       when the bracket is narrower than {@code resolution} (relative), or when two successive
 *       points differ from the best by less than the margin (shrinking gains).
 *   <li><b>Re-check.</b> Sizes within the margin of the best are measured again (with warm-up),
 *       their windows pooled, and the lowest median wins.
 *   <li><b>Budget.</b> No measurement starts whose predicted cost (a step modelled as a fixed
 *       overhead plus a cost per example) would take the search past {@code budgetFraction} of one
 *       epoch at the best size so far (or the context's budget). Before giving up on a size, a
 *       cheaper measurement is tried: one warm-up step and single-step windows, then two windows.
 * </ul>
 */
public final class ThroughputMaximize implements MinibatchSizeStrategy {

  private static final double GOLDEN_SECTION = 0.381966;
  private static final int MAX_MEASUREMENTS = 40;

  private final int warmupSteps;
  private final int windows;
  private final double minWindowSeconds;
  private final int maxStepsPerWindow;
  private final double growthFactor;
  private final int patience;
  private final double minGain;
  private final double noiseMultiplier;
  private final double resolution;
  private final int recheck;
  private final double budgetFraction;

  private ThroughputMaximize(Builder b) {
    this.warmupSteps = b.warmupSteps;
    this.windows = b.windows;
    this.minWindowSeconds = b.minWindowSeconds;
    this.maxStepsPerWindow = b.maxStepsPerWindow;
    this.growthFactor = b.growthFactor;
    this.patience = b.patience;
    this.minGain = b.minGain;
    this.noiseMultiplier = b.noiseMultiplier;
    this.resolution = b.resolution;
    this.recheck = b.recheck;
    this.budgetFraction = b.budgetFraction;
  }

  /** The default settings. */
  public static ThroughputMaximize create() {
    return builder().build();
  }

  /**
   * Defaults: 2 warm-up steps, 3 windows of at least 0.01 s (at most 64 steps each), growth factor
   * 2, patience 2, minimum gain 2 %, margin 2 sigma, resolution 10 %, re-check 2 contenders, budget
   * 8 % of one epoch.
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "ThroughputMaximize";
  }

  @Override
  public SearchResult search(SearchContext context) {
    return Prober.guard(context, name(), p -> new Search(p).run());
  }

  /** Timing windows of one size. */
  private static final class Eval {
    final int batchSize;
    final List<Double> windows = new ArrayList<>();
    boolean infeasible;

    Eval(int batchSize) {
      this.batchSize = batchSize;
    }

    double median() {
      return infeasible ? Double.POSITIVE_INFINITY : WindowStats.median(windows);
    }

    double noise() {
      return WindowStats.relativeSpread(windows);
    }
  }

  /** The state of one search. */
  private final class Search {
    private final Prober prober;
    private final TreeMap<Integer, Eval> evals = new TreeMap<>();
    private boolean budgetHit;
    private int measurements;
    private String budgetNote = "";

    Search(Prober prober) {
      this.prober = prober;
    }

    SearchResult run() {
      if (prober.budgetExhausted()) {
        return prober.result(name(), -1, StopReason.BUDGET, "budget spent before any probe");
      }
      Eval best = first(prober.initialBatchSize());
      if (best == null) {
        return budgetHit
            ? prober.result(name(), -1, StopReason.BUDGET, budgetNote)
            : prober.result(name(), -1, StopReason.FAILED, "no feasible size at or below start");
      }
      best = coarse(best);
      StopReason reason = StopReason.CONVERGED;
      String why = "bracket resolved";
      if (!budgetHit) {
        String[] refineWhy = new String[1];
        reason = StopReason.CONVERGED;
        Eval refined = refine(best, refineWhy);
        if (refineWhy[0] != null && refineWhy[0].startsWith("flat")) {
          reason = StopReason.NO_FURTHER_GAIN;
        }
        why = refineWhy[0];
        best = refined;
      }
      best = recheck(best);
      if (budgetHit) {
        reason = StopReason.BUDGET;
        why = budgetNote;
      }
      return prober.result(
          name(),
          best.batchSize,
          reason,
          String.format(
              "%s; best %d at %.3g s/epoch; margin %.3f (pooled noise %.3f); budget %.3g s",
              why,
              best.batchSize,
              best.median() * prober.datasetSize(),
              margin(),
              pooledNoise(),
              budgetSeconds()));
    }

    /** Measures the start size, halving it while it does not fit in memory. */
    private Eval first(int b) {
      while (true) {
        Eval e = measure(b, "coarse");
        if (e == null) {
          return null;
        }
        if (!e.infeasible) {
          return e;
        }
        int smaller = prober.clamp(b / 2);
        if (smaller >= b) {
          return null;
        }
        b = smaller;
      }
    }

    private Eval coarse(Eval start) {
      Eval best = scan(start, start, true);
      if (best == start && !budgetHit) {
        best = scan(start, start, false);
      }
      return best;
    }

    /** Geometric scan up or down from {@code from}, with patience. */
    private Eval scan(Eval from, Eval best, boolean up) {
      int fails = 0;
      int b = from.batchSize;
      while (fails < patience) {
        int next = up ? up(b) : down(b);
        if (next == b) {
          break;
        }
        Eval e = measure(next, "coarse");
        if (e == null || e.infeasible) {
          break;
        }
        fails = better(e, best) ? 0 : fails + 1;
        if (e.median() < best.median()) {
          best = e;
        }
        b = next;
      }
      return best;
    }

    private Eval refine(Eval best, String[] why) {
      Integer below = feasibleKey(evals.lowerKey(best.batchSize), false);
      Integer above = feasibleKey(evals.higherKey(best.batchSize), true);
      int a = below != null ? below : best.batchSize;
      int c = above != null ? above : best.batchSize;
      int flat = 0;
      while (true) {
        if (c <= a * (1 + resolution)) {
          why[0] = String.format("bracket [%d, %d] within %.0f %%", a, c, resolution * 100);
          return best;
        }
        double la = Math.log(a);
        double lb = Math.log(best.batchSize);
        double lc = Math.log(c);
        boolean right = lc - lb >= lb - la;
        int x =
            (int)
                Math.round(
                    Math.exp(
                        right ? lb + GOLDEN_SECTION * (lc - lb) : lb - GOLDEN_SECTION * (lb - la)));
        if (x <= a || x >= c || x == best.batchSize || evals.containsKey(x)) {
          why[0] = String.format("bracket [%d, %d] at integer resolution", a, c);
          return best;
        }
        Eval e = measure(x, "refine");
        if (e == null) {
          why[0] = "budget";
          return best;
        }
        if (e.infeasible) {
          c = Math.min(c, x - 1);
          continue;
        }
        boolean flatNow = Math.abs(e.median() - best.median()) <= margin() * best.median();
        if (e.median() < best.median()) {
          if (x > best.batchSize) {
            a = best.batchSize;
          } else {
            c = best.batchSize;
          }
          best = e;
        } else if (x > best.batchSize) {
          c = x;
        } else {
          a = x;
        }
        flat = flatNow ? flat + 1 : 0;
        if (flat >= 2) {
          why[0] =
              String.format(
                  "flat: two refinements within the margin of the best, bracket [%d, %d]", a, c);
          return best;
        }
      }
    }

    /** Measures close contenders again and returns the size with the lowest pooled median. */
    private Eval recheck(Eval best) {
      double m = margin();
      double limit = best.median() * (1 + m);
      List<Eval> contenders =
          evals.values().stream()
              .filter(e -> !e.infeasible && e != best && e.median() <= limit)
              .sorted(Comparator.comparingDouble(Eval::median))
              .limit(recheck)
              .toList();
      if (contenders.isEmpty()) {
        return best;
      }
      List<Eval> all = new ArrayList<>();
      all.add(best);
      all.addAll(contenders);
      for (Eval e : all) {
        remeasure(e);
      }
      return all.stream().min(Comparator.comparingDouble(Eval::median)).orElse(best);
    }

    private boolean better(Eval e, Eval best) {
      return e.median() < best.median() * (1 - margin());
    }

    private int up(int b) {
      long next = Math.max(b + 1L, Math.round(b * growthFactor));
      return (int) Math.min(prober.maxBatchSize(), Math.max(b, next));
    }

    private int down(int b) {
      long next = Math.min(b - 1L, Math.round(b / growthFactor));
      return (int) Math.max(prober.minBatchSize(), Math.min(b, next));
    }

    private Integer feasibleKey(Integer key, boolean up) {
      while (key != null && evals.get(key).infeasible) {
        key = up ? evals.higherKey(key) : evals.lowerKey(key);
      }
      return key;
    }

    /** Measures a new size, or returns null if it is out of bounds or over the budget. */
    private Eval measure(int b, String phase) {
      Eval known = evals.get(b);
      if (known != null) {
        return known;
      }
      if (b < prober.minBatchSize() || b > prober.maxBatchSize()) {
        return null;
      }
      Eval e = new Eval(b);
      if (!time(e, phase)) {
        return null;
      }
      evals.put(b, e);
      return e;
    }

    private void remeasure(Eval e) {
      time(e, "recheck");
    }

    /** Runs warm-up and windows at {@code e}'s size, appending windows; false if over budget. */
    private boolean time(Eval e, String phase) {
      if (measurements >= MAX_MEASUREMENTS) {
        budgetHit = true;
        budgetNote = "measurement limit " + MAX_MEASUREMENTS;
        return false;
      }
      int b = e.batchSize;
      double stepSeconds = predictStepSeconds(b);
      int perWindow = stepsPerWindow(stepSeconds);
      int warm = warmupSteps;
      int count = windows;
      // Under budget pressure, measure more cheaply before giving up: one warm-up step (the
      // first step after a change of size is the slow one), then two windows.
      if (!affordable(stepSeconds, warm, count, perWindow)) {
        warm = Math.min(warm, 1);
        perWindow = 1;
        if (!affordable(stepSeconds, warm, count, perWindow)) {
          count = Math.min(count, 2);
        }
      }
      if (!affordable(stepSeconds, warm, count, perWindow)) {
        budgetHit = true;
        budgetNote =
            String.format(
                "budget: measuring %d (~%.3g s) would pass %.3g s",
                b, cost(stepSeconds, warm, count, perWindow), budgetSeconds());
        return false;
      }
      measurements++;
      Prober.Probe probe = prober.probe(b).warmup(warm);
      if (probe.feasible() && Double.isNaN(stepSeconds) && !probe.warmupTimes.isEmpty()) {
        perWindow = stepsPerWindow(probe.warmupTimes.get(probe.warmupTimes.size() - 1));
      }
      probe.timed(count * perWindow);
      if (!probe.feasible()) {
        e.infeasible = true;
      } else {
        for (int w = 0; w < count; w++) {
          double sum = 0;
          for (int k = w * perWindow; k < (w + 1) * perWindow; k++) {
            sum += probe.timedTimes.get(k);
          }
          e.windows.add(sum / ((double) perWindow * b));
        }
      }
      prober.record(phase, probe, e.median(), e.noise(), null);
      return true;
    }

    private int stepsPerWindow(double stepSeconds) {
      if (!(stepSeconds > 0)) {
        return 1;
      }
      long wanted = (long) Math.ceil(minWindowSeconds / stepSeconds);
      double remaining = budgetSeconds() - prober.elapsedSeconds();
      if (Double.isFinite(remaining)) {
        // Leave room for about four more measurements of this cost.
        long affordable = (long) Math.floor((remaining / 4 / stepSeconds - warmupSteps) / windows);
        wanted = Math.min(wanted, affordable);
      }
      return (int) Math.max(1, Math.min(maxStepsPerWindow, wanted));
    }

    private boolean affordable(double stepSeconds, int warm, int count, int perWindow) {
      if (prober.budgetExhausted()) {
        return false;
      }
      double budget = budgetSeconds();
      if (Double.isInfinite(budget) || Double.isNaN(stepSeconds)) {
        return true;
      }
      return prober.elapsedSeconds() + cost(stepSeconds, warm, count, perWindow) <= budget;
    }

    private double cost(double stepSeconds, int warm, int count, int perWindow) {
      return (warm + (double) count * perWindow) * stepSeconds;
    }

    /** Seconds the search may use: the context's budget, and a fraction of the best epoch. */
    private double budgetSeconds() {
      double best = evals.values().stream().mapToDouble(Eval::median).min().orElse(Double.NaN);
      double fromEpoch =
          Double.isFinite(best) ? budgetFraction * best * prober.datasetSize() : Double.NaN;
      double budget = prober.context().budgetSeconds();
      return Double.isNaN(fromEpoch) ? budget : Math.min(budget, fromEpoch);
    }

    /**
     * Step seconds at {@code b} predicted from the measured sizes, modelling a step as a fixed
     * overhead plus a cost per example: linear interpolation of the step time between the
     * neighbouring sizes, linear extrapolation through the two largest sizes above them (never
     * below the largest one's time), and with a single measurement, proportional to the size (an
     * overestimate, which keeps the budget check conservative).
     */
    private double predictStepSeconds(int b) {
      Map.Entry<Integer, Eval> lo = feasibleEntry(evals.floorEntry(b), false);
      Map.Entry<Integer, Eval> hi = feasibleEntry(evals.ceilingEntry(b), true);
      if (lo == null && hi == null) {
        return Double.NaN;
      }
      if (lo == null) {
        return stepSeconds(hi);
      }
      if (hi != null) {
        if (lo.getKey().equals(hi.getKey())) {
          return stepSeconds(lo);
        }
        double t = (double) (b - lo.getKey()) / (hi.getKey() - lo.getKey());
        return stepSeconds(lo) * (1 - t) + stepSeconds(hi) * t;
      }
      Map.Entry<Integer, Eval> before = feasibleEntry(evals.lowerEntry(lo.getKey()), false);
      if (before == null) {
        return stepSeconds(lo) * b / lo.getKey();
      }
      double slope =
          Math.max(0, (stepSeconds(lo) - stepSeconds(before)) / (lo.getKey() - before.getKey()));
      return stepSeconds(lo) + slope * (b - lo.getKey());
    }

    private double stepSeconds(Map.Entry<Integer, Eval> e) {
      return e.getValue().median() * e.getKey();
    }

    private Map.Entry<Integer, Eval> feasibleEntry(Map.Entry<Integer, Eval> entry, boolean up) {
      while (entry != null && entry.getValue().infeasible) {
        entry = up ? evals.higherEntry(entry.getKey()) : evals.lowerEntry(entry.getKey());
      }
      return entry;
    }

    private double margin() {
      return Math.max(minGain, noiseMultiplier * pooledNoise());
    }

    private double pooledNoise() {
      List<Double> noises = new ArrayList<>();
      for (Eval e : evals.values()) {
        double n = e.noise();
        if (!e.infeasible && Double.isFinite(n)) {
          noises.add(n);
        }
      }
      return noises.isEmpty() ? 0.0 : WindowStats.median(noises);
    }
  }

  /** Configures a {@link ThroughputMaximize}. */
  public static final class Builder {
    private int warmupSteps = 2;
    private int windows = 3;
    private double minWindowSeconds = 0.01;
    private int maxStepsPerWindow = 64;
    private double growthFactor = 2.0;
    private int patience = 2;
    private double minGain = 0.02;
    private double noiseMultiplier = 2.0;
    private double resolution = 0.1;
    private int recheck = 2;
    private double budgetFraction = 0.08;

    private Builder() {}

    /** Steps discarded after each change of size (default 2). */
    public Builder warmupSteps(int steps) {
      Preconditions.checkArgument(steps >= 0, "warmupSteps must be >= 0: %s", steps);
      this.warmupSteps = steps;
      return this;
    }

    /** Timing windows per size, summarized by their median (default 3). */
    public Builder windows(int windows) {
      Preconditions.checkArgument(windows > 0, "windows must be positive: %s", windows);
      this.windows = windows;
      return this;
    }

    /** Shortest window when the budget allows (default 0.01 s). */
    public Builder minWindowSeconds(double seconds) {
      Preconditions.checkArgument(seconds >= 0, "minWindowSeconds must be >= 0: %s", seconds);
      this.minWindowSeconds = seconds;
      return this;
    }

    public Builder maxStepsPerWindow(int steps) {
      Preconditions.checkArgument(steps > 0, "maxStepsPerWindow must be positive: %s", steps);
      this.maxStepsPerWindow = steps;
      return this;
    }

    /** Factor between coarse sizes (default 2). */
    public Builder growthFactor(double factor) {
      Preconditions.checkArgument(factor > 1, "growthFactor must exceed 1: %s", factor);
      this.growthFactor = factor;
      return this;
    }

    /** Coarse sizes without a real gain before the scan stops (default 2). */
    public Builder patience(int patience) {
      Preconditions.checkArgument(patience > 0, "patience must be positive: %s", patience);
      this.patience = patience;
      return this;
    }

    /** Smallest relative gain that counts, whatever the noise (default 0.02). */
    public Builder minGain(double gain) {
      Preconditions.checkArgument(gain >= 0 && gain < 1, "minGain must be in [0, 1): %s", gain);
      this.minGain = gain;
      return this;
    }

    /** Margin in units of the pooled relative noise (default 2). */
    public Builder noiseMultiplier(double k) {
      Preconditions.checkArgument(k >= 0, "noiseMultiplier must be >= 0: %s", k);
      this.noiseMultiplier = k;
      return this;
    }

    /** Relative bracket width at which refinement stops (default 0.1). */
    public Builder resolution(double resolution) {
      Preconditions.checkArgument(resolution > 0, "resolution must be positive: %s", resolution);
      this.resolution = resolution;
      return this;
    }

    /** Contenders re-measured at the end (default 2; 0 turns re-checking off). */
    public Builder recheck(int contenders) {
      Preconditions.checkArgument(contenders >= 0, "recheck must be >= 0: %s", contenders);
      this.recheck = contenders;
      return this;
    }

    /**
     * Probing budget as a fraction of one epoch at the best size found so far (default 0.08; {@code
     * Double.POSITIVE_INFINITY} for none).
     */
    public Builder budgetFraction(double fraction) {
      Preconditions.checkArgument(fraction > 0, "budgetFraction must be positive: %s", fraction);
      this.budgetFraction = fraction;
      return this;
    }

    public ThroughputMaximize build() {
      return new ThroughputMaximize(this);
    }
  }
}
