package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.extensions.monitor.UtilizationStats;
import org.trainer4j.parallel.PeerFailedException;

/**
 * The measuring engine shared by the strategies: runs steps through the context's runner and turns
 * them into {@link Measurement}s, turns out-of-memory failures into infeasible sizes, enforces the
 * bounds (user range, dataset size, the updater's multiple, memory ceiling, smallest failed size)
 * and the time budget, and records the trace. In a multi-process job every input of a decision goes
 * through the context's {@link SearchCoordination} (step times, clock, memory ceiling, failures),
 * so every member takes the same decisions and runs the same probes.
 */
final class Prober {

  private static final Logger log = LoggerFactory.getLogger(Prober.class);
  private static final int MAX_STEPS_PER_MEASUREMENT = 100_000;

  private final SearchContext context;
  private final MemoryCeiling memory;
  private final List<SearchStep> steps = new ArrayList<>();
  private final long startNanos;
  private final int multiple;
  private final SearchCoordination coordination;
  private int smallestInfeasible = Integer.MAX_VALUE;
  private double baselineEpochSeconds = Double.NaN;
  private final ProbeBudget budget;
  private boolean warm;
  private ProbePace pace = ProbePace.NONE;

  Prober(SearchContext context) {
    this.context = Preconditions.checkNotNull(context, "context");
    this.memory =
        new MemoryCeiling(context.settings().memoryGauge(), context.settings().memoryReserve());
    this.startNanos = context.ticker().read();
    this.multiple = context.batchSizeMultiple();
    this.coordination = context.coordination();
    this.budget = new ProbeBudget(context);
  }

  /** Runs {@code search} with a fresh prober; what it throws fails it, keeping the trace. */
  static SearchResult guard(
      SearchContext context, String strategy, Function<Prober, SearchResult> search) {
    Prober prober = new Prober(context);
    if (prober.minBatchSize() > prober.context.maxBatchSize()) {
      return prober.failed(
          strategy,
          String.format(
              "no multiple of %d in [%d, %d]",
              prober.multiple, prober.context.minBatchSize(), prober.context.maxBatchSize()));
    }
    try {
      return search.apply(prober);
    } catch (UnaffordableStep e) {
      prober.record("warm-up", e.warmUp(), null);
      return prober.result(strategy, prober.initialBatchSize(), StopReason.BUDGET, e.getMessage());
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

  /** The smallest allowed size: the context's minimum rounded up to the updater's multiple. */
  int minBatchSize() {
    return ceilMultiple(context.minBatchSize());
  }

  /** The largest allowed size: user maximum, dataset, memory, known failures, multiple. */
  int maxBatchSize() {
    long max = context.maxBatchSize();
    max = Math.min(max, (long) smallestInfeasible - 1);
    max = Math.min(max, memoryCeiling());
    return (int) Math.max(minBatchSize(), (max / multiple) * multiple);
  }

  /** {@code batchSize} moved to the nearest multiple of the updater's in the allowed range. */
  int clamp(long batchSize) {
    long rounded = Math.round((double) batchSize / multiple) * multiple;
    return (int) Math.max(minBatchSize(), Math.min(maxBatchSize(), rounded));
  }

  /** The smallest allowed size above {@code b} (b itself at the top of the range). */
  int next(int b) {
    return clamp(Math.max(ceilMultiple(b + 1L), b));
  }

  private int ceilMultiple(long b) {
    return (int) (((b + multiple - 1) / multiple) * multiple);
  }

  /** Seconds since the search started by rank 0's clock, which every member's decisions use. */
  double elapsedSeconds() {
    return coordination.rootValue(localElapsedSeconds());
  }

  /** This member's own reading, for what it reports (no decision may depend on it). */
  private double localElapsedSeconds() {
    return (context.ticker().read() - startNanos) / 1e9;
  }

  /** The largest size predicted to fit on every member. */
  private int memoryCeiling() {
    return coordination.smallest(memory.maxAllowed());
  }

  /** The search's budget as its probes go: extensions, refunds, the planned training's seconds. */
  ProbeBudget budget() {
    return budget;
  }

  /** {@link ProbeBudget#seconds}. */
  double budgetSeconds() {
    return budget.seconds();
  }

  /** {@link ProbeBudget#wallPerStepSecond}. */
  double wallPerStepSecond() {
    return budget.wallPerStepSecond();
  }

  /** True once the budget is spent; never before the first feasible measurement sets it. */
  boolean budgetExhausted() {
    return budget.known() && elapsedSeconds() >= budgetSeconds();
  }

  /**
   * Measures {@code batchSize}: {@code warmup} steps, then {@code windows} windows of {@code
   * stepsPerWindow} steps; refused at once (infeasible) above the memory ceiling.
   */
  Measurement measure(int batchSize, int warmup, int windows, int stepsPerWindow) {
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive: %s", batchSize);
    Measurement refused = refusal(batchSize);
    if (refused != null) {
      return refused;
    }
    Timed t = new Timed(batchSize);
    int warmed = t.warmUp(warmup);
    List<Double> window = new ArrayList<>();
    // A load that switched on after the cost was predicted makes a measurement overrun it by the
    // load's factor: past the budget, two windows are enough.
    for (int w = 0; w < windows && t.note == null && (w < 2 || !budgetExhausted()); w++) {
      window.add(t.run(stepsPerWindow) / ((double) stepsPerWindow * batchSize));
    }
    return t.result(warmed, window);
  }

  /**
   * Measures {@code batchSize} as the paper's strategies do: {@code warmup} discarded steps, then
   * one window of at least {@code minSteps} steps and {@code minSeconds}, its mean per example.
   */
  Measurement measureFor(int batchSize, int warmup, int minSteps, double minSeconds) {
    Measurement refused = refusal(batchSize);
    if (refused != null) {
      return refused;
    }
    Timed t = new Timed(batchSize);
    int warmed = t.warmUp(warmup);
    // Until a step time is known, the first step runs on its own: the search may not afford it.
    double seconds =
        budget.known() || minSteps <= 0 ? t.run(minSteps) : t.firstStep() + t.run(minSteps - 1);
    int n = minSteps;
    while (t.note == null && seconds < minSeconds && n < MAX_STEPS_PER_MEASUREMENT) {
      seconds += t.run(1);
      n++;
    }
    return t.result(warmed, List.of(seconds / ((double) n * batchSize)));
  }

  /**
   * Whether one step at {@code batchSize} runs on the copy within memory and the ceiling: the check
   * before live training grows to a size nothing has run. The step is no timing; an out-of-memory
   * failure marks the size infeasible, as a measurement's would.
   */
  boolean fits(int batchSize) {
    if (refusal(batchSize) != null) {
      return false;
    }
    Timed t = new Timed(batchSize);
    t.run(1);
    return t.note == null && refusal(batchSize) == null;
  }

  private Measurement refusal(int batchSize) {
    boolean above = batchSize > memoryCeiling() && batchSize > minBatchSize();
    return above ? Measurement.infeasible(batchSize, 0, 0, memory.refusal()) : null;
  }

  /** Records a measurement in the trace; the first feasible one is the baseline of the ratios. */
  SearchStep record(String phase, Measurement m, UtilizationStats util) {
    double epoch = m.feasible() ? m.epochSeconds(context.datasetSize()) : Double.NaN;
    if (Double.isNaN(baselineEpochSeconds) && Double.isFinite(epoch)) {
      baselineEpochSeconds = epoch;
    }
    SearchStep step =
        SearchStep.of(
            steps.size() + 1, phase, m, context.datasetSize(), baselineEpochSeconds, util);
    steps.add(step);
    log.debug("minibatch search {}", step);
    return step;
  }

  /** The result choosing {@code chosen}; failed (the initial size kept) with nothing feasible. */
  SearchResult result(String strategy, int chosen, StopReason reason, String detail) {
    return result(strategy, chosen, reason, detail, false);
  }

  /** As above; {@code measuredBefore}: it rests on sizes an earlier search timed. */
  SearchResult result(
      String strategy, int chosen, StopReason reason, String detail, boolean measuredBefore) {
    boolean anyFeasible = measuredBefore || steps.stream().anyMatch(s -> !s.infeasible());
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
        localElapsedSeconds(),
        context.datasetSize());
  }

  SearchResult failed(String strategy, String why) {
    return SearchResult.failed(
        strategy,
        context.initialBatchSize(),
        steps,
        why,
        localElapsedSeconds(),
        context.datasetSize());
  }

  /** Steps of one measurement in progress. */
  private final class Timed {
    final int batchSize;
    int steps;
    double seconds;
    String note;
    long peak = -1;

    Timed(int batchSize) {
      this.batchSize = batchSize;
      memory.beforeProbe();
    }

    /** Runs the warm-up ({@link WarmUp} for the search's first measurement); returns its steps. */
    int warmUp(int warmup) {
      if (warm) {
        run(warmup);
        return warmup;
      }
      warm = true;
      ProbePace before = pace;
      WarmUp.Settled settled =
          WarmUp.settle(this::steps, warmup, context.settings().budget(), this::affordable);
      if (!settled.affordable()) {
        throw unaffordable(settled.steps(), settled.seconds(), settled.fastestStepSeconds());
      }
      // Given back at its wall-clock cost, waits for a CPU included: that is what it spent.
      budget.uncount(
          settled.seconds() * coordination.rootValue(pace.since(before).wallPerStepSecond()));
      return settled.steps();
    }

    /**
     * The search's first step where its first measurement has no warm-up (the paper's strategies):
     * ends the search if that step costs more than the search may spend.
     */
    double firstStep() {
      double[] one = steps(1);
      if (one.length > 0 && !affordable(one[0])) {
        throw unaffordable(1, one[0], one[0]);
      }
      return Arrays.stream(one).sum();
    }

    /**
     * Whether a first step of {@code stepSeconds} leaves room for a measurement. Only a search that
     * knows no step time yet asks: a re-estimate starts from sizes timed before, prices its timings
     * from them and, with nothing left, still takes its minimal timing of the size training runs.
     */
    private boolean affordable(double stepSeconds) {
      return budget.known() || stepSeconds <= budget.secondsOnceMeasured(batchSize, stepSeconds);
    }

    private UnaffordableStep unaffordable(int n, double seconds, double fastestStepSeconds) {
      return new UnaffordableStep(
          batchSize,
          n,
          seconds,
          fastestStepSeconds,
          budget.secondsOnceMeasured(batchSize, fastestStepSeconds));
    }

    /** Runs {@code n} steps; returns their seconds (0 after an out-of-memory failure). */
    double run(int n) {
      return Arrays.stream(steps(n)).sum();
    }

    /**
     * Runs {@code n} steps; returns each one's seconds, the slowest member's (none after an
     * out-of-memory failure on any member).
     */
    double[] steps(int n) {
      if (note != null || n <= 0) {
        return new double[0];
      }
      double[] local = null;
      Throwable failure = null;
      double waitedBefore = context.runner().waitedSeconds();
      try {
        local = context.runner().run(batchSize, n);
      } catch (RuntimeException | OutOfMemoryError e) {
        failure = e;
      }
      pace =
          pace.plus(
              local == null ? 0 : Arrays.stream(local).sum(),
              context.runner().waitedSeconds() - waitedBefore);
      budget.pace(coordination.rootValue(pace.wallPerStepSecond()));
      boolean ownOutOfMemory = failure != null && OutOfMemoryDetector.isOutOfMemory(failure);
      boolean ownOther =
          failure != null && !ownOutOfMemory && !(failure instanceof PeerFailedException);
      SearchCoordination.Failures failed = coordination.failures(ownOutOfMemory, ownOther);
      if (failed.other()) {
        throw failure instanceof RuntimeException e && ownOther
            ? e
            : new IllegalStateException(
                "a probe at batch size " + batchSize + " failed on another member", failure);
      }
      if (failed.outOfMemory()) {
        note =
            "out of memory: "
                + (ownOutOfMemory
                    ? OutOfMemoryDetector.describe(failure)
                    : "on another member of the job");
        smallestInfeasible = Math.min(smallestInfeasible, batchSize);
        log.info("batch size {} ran out of memory; searching below it ({})", batchSize, note);
        context.runner().recoverFromOutOfMemory();
        return new double[0];
      }
      double[] slowest = coordination.slowestSteps(local);
      if (log.isTraceEnabled()) {
        log.trace("steps at {}: {}", batchSize, Arrays.toString(slowest));
      }
      for (double s : slowest) {
        seconds += s;
      }
      steps += n;
      peak = Math.max(peak, memory.afterProbe(batchSize));
      return slowest;
    }

    Measurement result(int warmup, List<Double> windows) {
      if (note != null) {
        return Measurement.infeasible(batchSize, steps, seconds, note);
      }
      Measurement m = new Measurement(batchSize, windows, steps, warmup, seconds, peak, true, "");
      budget.measured(m);
      return m;
    }
  }
}
