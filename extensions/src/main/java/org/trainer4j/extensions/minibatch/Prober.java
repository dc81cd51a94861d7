package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.extensions.monitor.UtilizationStats;

/**
 * The measuring engine shared by the strategies: runs probes through the context's runner, turns
 * out-of-memory failures into infeasible sizes, enforces the bounds (user range, dataset size,
 * memory ceiling, smallest infeasible size) and the time budget, and records the trace.
 */
final class Prober {

  private static final Logger log = LoggerFactory.getLogger(Prober.class);
  private static final int MAX_STEPS_PER_PROBE = 100_000;

  private final SearchContext context;
  private final MemoryCeiling memory;
  private final List<SearchStep> steps = new ArrayList<>();
  private final long startNanos;
  private int smallestInfeasible = Integer.MAX_VALUE;
  private double baselineEpochSeconds = Double.NaN;

  Prober(SearchContext context) {
    this.context = Preconditions.checkNotNull(context, "context");
    this.memory = new MemoryCeiling(context.memoryGauge(), context.memorySafetyMargin());
    this.startNanos = context.ticker().read();
  }

  /**
   * Runs {@code search} with a fresh prober; an exception it throws becomes a failed result that
   * keeps the trace so far.
   */
  static SearchResult guard(
      SearchContext context, String strategy, Function<Prober, SearchResult> search) {
    Prober prober = new Prober(context);
    try {
      return search.apply(prober);
    } catch (RuntimeException e) {
      log.warn("{} failed: {}", strategy, e.toString(), e);
      return prober.failed(strategy, "search threw " + OutOfMemoryDetector.describe(e));
    }
  }

  SearchContext context() {
    return context;
  }

  int initialBatchSize() {
    return clamp(context.initialBatchSize());
  }

  int minBatchSize() {
    return context.minBatchSize();
  }

  /** The largest size still allowed: user maximum, dataset size, memory, known failures. */
  int maxBatchSize() {
    long max = context.maxBatchSize();
    max = Math.min(max, (long) smallestInfeasible - 1);
    max = Math.min(max, memory.maxAllowed());
    return (int) Math.max(context.minBatchSize(), max);
  }

  /** {@code batchSize} moved into the allowed range. */
  int clamp(long batchSize) {
    return (int) Math.max(minBatchSize(), Math.min(maxBatchSize(), batchSize));
  }

  double elapsedSeconds() {
    return (context.ticker().read() - startNanos) / 1e9;
  }

  boolean budgetExhausted() {
    return elapsedSeconds() >= context.budgetSeconds();
  }

  int datasetSize() {
    return context.datasetSize();
  }

  /** The trace so far. */
  List<SearchStep> steps() {
    return List.copyOf(steps);
  }

  /** Starts a probe at {@code batchSize}; refused at once if the memory ceiling forbids it. */
  Probe probe(int batchSize) {
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive: %s", batchSize);
    Probe p = new Probe(batchSize);
    if (batchSize > memory.maxAllowed() && batchSize > context.minBatchSize()) {
      p.infeasible = true;
      p.note =
          String.format(
              "refused: predicted memory above the ceiling (%.0f bytes/example; %s)",
              memory.bytesPerExample(), memory.describe());
    }
    return p;
  }

  /**
   * Records a loop. The first feasible loop's epoch estimate becomes the baseline of the
   * improvement ratios.
   */
  SearchStep record(
      String phase, Probe probe, double perExampleSeconds, double noise, UtilizationStats util) {
    double epoch = probe.infeasible ? Double.NaN : perExampleSeconds * context.datasetSize();
    if (Double.isNaN(baselineEpochSeconds) && Double.isFinite(epoch)) {
      baselineEpochSeconds = epoch;
    }
    double ratio = Double.isFinite(epoch) ? 1 - epoch / baselineEpochSeconds : Double.NaN;
    SearchStep step =
        new SearchStep(
            steps.size() + 1,
            phase,
            probe.batchSize,
            probe.iterations(),
            probe.warmupTimes.size(),
            probe.seconds(),
            probe.infeasible ? Double.NaN : perExampleSeconds,
            epoch,
            ratio,
            noise,
            util,
            probe.infeasible,
            probe.note);
    steps.add(step);
    log.debug("minibatch search {}", step);
    return step;
  }

  /** Records a loop whose time per example is the plain mean over its timed steps. */
  SearchStep record(String phase, Probe probe, UtilizationStats util) {
    return record(phase, probe, probe.meanPerExampleSeconds(), Double.NaN, util);
  }

  /**
   * The result choosing {@code chosen}; without a single feasible loop the search has failed and
   * keeps the initial size.
   */
  SearchResult result(String strategy, int chosen, StopReason reason, String detail) {
    boolean anyFeasible = steps.stream().anyMatch(s -> !s.infeasible());
    if (!anyFeasible || chosen <= 0) {
      return failed(strategy, "no feasible measurement (" + reason + "): " + detail);
    }
    return new SearchResult(
        strategy,
        context.initialBatchSize(),
        chosen,
        steps,
        reason,
        detail,
        elapsedSeconds(),
        context.datasetSize());
  }

  SearchResult failed(String strategy, String why) {
    return SearchResult.failed(
        strategy, context.initialBatchSize(), steps, why, elapsedSeconds(), context.datasetSize());
  }

  /**
   * A probe at one size: warm-up steps (timed, then discarded) and timed steps. A step that runs
   * out of memory marks the probe (and every larger size) infeasible; later calls do nothing.
   */
  final class Probe {
    final int batchSize;
    final List<Double> warmupTimes = new ArrayList<>();
    final List<Double> timedTimes = new ArrayList<>();
    boolean infeasible;
    String note = "";

    private Probe(int batchSize) {
      this.batchSize = batchSize;
    }

    /** Runs {@code n} steps whose times are discarded. */
    Probe warmup(int n) {
      run(n, warmupTimes);
      return this;
    }

    /** Runs {@code n} timed steps. */
    Probe timed(int n) {
      run(n, timedTimes);
      return this;
    }

    /** Runs timed steps until at least {@code minSteps} and {@code minSeconds} are done. */
    Probe timedFor(int minSteps, double minSeconds) {
      timed(minSteps);
      while (!infeasible
          && timedSeconds() < minSeconds
          && timedTimes.size() < MAX_STEPS_PER_PROBE) {
        timed(1);
      }
      return this;
    }

    boolean feasible() {
      return !infeasible;
    }

    int iterations() {
      return warmupTimes.size() + timedTimes.size();
    }

    double seconds() {
      return sum(warmupTimes) + sum(timedTimes);
    }

    double timedSeconds() {
      return sum(timedTimes);
    }

    double meanPerExampleSeconds() {
      return timedTimes.isEmpty()
          ? Double.NaN
          : timedSeconds() / ((double) timedTimes.size() * batchSize);
    }

    private void run(int n, List<Double> into) {
      if (infeasible || n <= 0) {
        return;
      }
      try {
        for (double s : context.runner().run(batchSize, n)) {
          into.add(s);
        }
        memory.observe(batchSize);
      } catch (RuntimeException | OutOfMemoryError e) {
        if (!OutOfMemoryDetector.isOutOfMemory(e)) {
          throw e;
        }
        infeasible = true;
        note = "out of memory: " + OutOfMemoryDetector.describe(e);
        smallestInfeasible = Math.min(smallestInfeasible, batchSize);
        log.info(
            "batch size {} ran out of memory; searching below it ({})",
            batchSize,
            OutOfMemoryDetector.describe(e));
        context.runner().recoverFromOutOfMemory();
      }
    }
  }

  private static double sum(List<Double> values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }
}
