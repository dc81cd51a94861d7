package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.extensions.monitor.DeviceMonitor;
import org.trainer4j.extensions.monitor.UtilizationSampler;
import org.trainer4j.extensions.monitor.UtilizationStats;

/**
 * The seed paper's Listing 2 (errata applied): grow or shrink the minibatch until the device's mean
 * utilization reaches a target. Each loop trains for at least {@code minIterationsPerLoop} steps
 * and {@code minSecondsPerLoop} seconds while utilization is sampled on another thread (every
 * second by default); the loop's utilization is the mean of the top 50 % of the samples. Every
 * {@code checkEvery}-th loop the size is compared with the size at the previous check (initially
 * the start size): within {@code sizeTolerance} examples (Listing 2's {@code norm}) it has
 * converged and the current size is chosen. Otherwise a utilization below the target adds {@code
 * calc_positive_update_diff}, else {@code calc_negative_update_diff} is added (see {@link
 * UtilizationStepRule}). After {@code maxLoops} loops the last measured size is chosen.
 *
 * <p>One addition to the paper: when utilization stays below the target without rising while the
 * size at least doubles over a few loops (a monitor that plateaus, e.g. a CPU that one ND4J thread
 * cannot fill), the target is unreachable; the search stops with {@link
 * StopReason#TARGET_UNREACHABLE} and keeps the smallest size of the plateau instead of growing to
 * the bound.
 *
 * <p>With a host CPU monitor (no GPU), the rule drives CPU utilization instead and says so in the
 * result and the log. The paper itself found utilization a poor proxy for speed; this strategy is
 * here to reproduce that, and {@link ThroughputMaximize} is what to use.
 */
public final class GpuUsageMaximize implements MinibatchSizeStrategy {

  private static final Logger log = LoggerFactory.getLogger(GpuUsageMaximize.class);

  private final DeviceMonitor monitor;
  private final UtilizationRecorder recorder;
  private final double target;
  private final int sizeTolerance;
  private final int checkEvery;
  private final int maxLoops;
  private final int minIterationsPerLoop;
  private final double minSecondsPerLoop;
  private final int minStep;
  private final int plateauLoops;
  private final double plateauTolerance;

  private GpuUsageMaximize(Builder b) {
    this.monitor = b.monitor;
    this.recorder =
        b.recorder != null ? b.recorder : UtilizationRecorder.sampling(b.monitor, b.interval);
    this.target = b.target;
    this.sizeTolerance = b.sizeTolerance;
    this.checkEvery = b.checkEvery;
    this.maxLoops = b.maxLoops;
    this.minIterationsPerLoop = b.minIterationsPerLoop;
    this.minSecondsPerLoop =
        b.minSecondsPerLoop >= 0 ? b.minSecondsPerLoop : 3 * b.interval.toNanos() / 1e9;
    this.minStep = b.minStep;
    this.plateauLoops = b.plateauLoops;
    this.plateauTolerance = b.plateauTolerance;
  }

  /** The paper's settings, sampling {@code monitor}. */
  public static GpuUsageMaximize of(DeviceMonitor monitor) {
    return builder(monitor).build();
  }

  /**
   * Defaults: target 99.0 %, sampling every 1 s, at least 5 steps and 3 sampling intervals per
   * loop, convergence check every 5 loops with tolerance 5, at most 100 loops, smallest step 1.
   */
  public static Builder builder(DeviceMonitor monitor) {
    return new Builder(monitor);
  }

  @Override
  public String name() {
    return "GpuUsageMaximize";
  }

  public double target() {
    return target;
  }

  @Override
  public SearchResult apply(SearchContext context) {
    return Prober.guard(context, name(), this::run);
  }

  private SearchResult run(Prober prober) {
    String device = describeDevice();
    if (!monitor.isGpu()) {
      log.warn("GpuUsageMaximize: no GPU monitor, so it drives host CPU utilization: {}", device);
    }
    int b = prober.initialBatchSize();
    UtilizationStepRule rule = new UtilizationStepRule(target, minStep, b);
    UtilizationPlateau plateau = new UtilizationPlateau(target, plateauLoops, plateauTolerance);
    int sizeAtLastCheck = b;
    int lastFeasible = -1;
    for (int loop = 1; loop <= maxLoops; loop++) {
      if (prober.budgetExhausted()) {
        return prober.result(name(), lastFeasible, StopReason.BUDGET, device);
      }
      recorder.start();
      UtilizationStats stats;
      Measurement m;
      try {
        m = prober.measureFor(b, 0, minIterationsPerLoop, minSecondsPerLoop);
      } finally {
        stats = recorder.stop();
      }
      stats = agreed(prober.context().coordination(), stats);
      prober.record("loop", m, stats);
      if (!m.feasible()) {
        b = prober.clamp(lastFeasible > 0 ? lastFeasible : b / 2);
        continue;
      }
      if (!stats.hasSamples()) {
        String why = stats.deviceLost() ? "device monitor lost" : "no utilization samples";
        return prober.result(name(), b, StopReason.MONITOR_LOST, why + "; " + device);
      }
      lastFeasible = b;
      double u = stats.top50Mean();
      int plateauStart = plateau.add(b, u);
      if (plateauStart > 0) {
        return prober.result(
            name(),
            plateauStart,
            StopReason.TARGET_UNREACHABLE,
            String.format(
                "utilization stayed at %.1f %% (below the target) while the size grew from %d to"
                    + " %d; %s",
                u, plateauStart, b, device));
      }
      if (loop % checkEvery == 0) {
        if (Math.abs(b - sizeAtLastCheck) <= sizeTolerance) {
          return prober.result(name(), b, StopReason.CONVERGED, device);
        }
        sizeAtLastCheck = b;
      }
      int diff = u < target ? rule.calcPositiveUpdateDiff(b, u) : rule.calcNegativeUpdateDiff(b, u);
      int moved = prober.clamp((long) b + diff);
      // With replicas, rounding to a multiple may undo a small step: move one multiple then.
      if (moved == b && diff != 0) {
        moved =
            diff > 0
                ? prober.next(b)
                : prober.clamp((long) b - prober.context().batchSizeMultiple());
      }
      b = moved;
    }
    return prober.result(name(), lastFeasible, StopReason.MAX_LOOPS, device);
  }

  private String describeDevice() {
    String kind = monitor.isGpu() ? "GPU" : "host CPU (no GPU)";
    return String.format(
        "target %.1f %% utilization of %s %s; %s",
        target, kind, monitor.deviceName(), monitor.measures());
  }

  /** Rank 0's utilization: each member samples its own device, but all must decide alike. */
  private static UtilizationStats agreed(SearchCoordination coordination, UtilizationStats s) {
    if (coordination.members() == 1) {
      return s;
    }
    double[] v =
        coordination.rootValues(
            new double[] {
              s.count(),
              s.mean(),
              s.top50Mean(),
              s.stddev(),
              s.min(),
              s.max(),
              s.p50(),
              s.p90(),
              s.p99(),
              s.deviceLost() ? 1 : 0
            });
    return new UtilizationStats(
        (int) v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9] > 0);
  }

  /** Configures a {@link GpuUsageMaximize}. */
  public static final class Builder {
    private final DeviceMonitor monitor;
    private UtilizationRecorder recorder;
    private Duration interval = UtilizationSampler.DEFAULT_INTERVAL;
    private double target = 99.0;
    private int sizeTolerance = 5;
    private int checkEvery = 5;
    private int maxLoops = 100;
    private int minIterationsPerLoop = 5;
    private double minSecondsPerLoop = -1;
    private int minStep = 1;
    private int plateauLoops = 3;
    private double plateauTolerance = 1.0;

    private Builder(DeviceMonitor monitor) {
      this.monitor = Preconditions.checkNotNull(monitor, "monitor");
    }

    /** Target mean utilization in percent (default 99.0). */
    public Builder target(double percent) {
      Preconditions.checkArgument(
          percent > 0 && percent <= 100, "target must be in (0, 100]: %s", percent);
      this.target = percent;
      return this;
    }

    /** Sampling interval of the default recorder (default 1 s). */
    public Builder samplingInterval(Duration interval) {
      this.interval = Preconditions.checkNotNull(interval, "interval");
      return this;
    }

    /** Replaces the background sampler, e.g. with a fake-clock recorder in tests. */
    public Builder recorder(UtilizationRecorder recorder) {
      this.recorder = Preconditions.checkNotNull(recorder, "recorder");
      return this;
    }

    /**
     * How few examples the size may move between checks for the search to have converged (default
     * 5; Listing 2's {@code norm}).
     */
    public Builder sizeTolerance(int examples) {
      Preconditions.checkArgument(
          examples >= 0, "sizeTolerance must not be negative: %s", examples);
      this.sizeTolerance = examples;
      return this;
    }

    /** Loops between convergence checks (default 5). */
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

    public Builder minIterationsPerLoop(int steps) {
      Preconditions.checkArgument(steps > 0, "minIterationsPerLoop must be positive: %s", steps);
      this.minIterationsPerLoop = steps;
      return this;
    }

    /** Seconds each loop trains at least (default: three sampling intervals). */
    public Builder minSecondsPerLoop(double seconds) {
      Preconditions.checkArgument(seconds >= 0, "minSecondsPerLoop must be >= 0: %s", seconds);
      this.minSecondsPerLoop = seconds;
      return this;
    }

    /** Smallest step in examples (default 1). */
    public Builder minStep(int step) {
      Preconditions.checkArgument(step > 0, "minStep must be positive: %s", step);
      this.minStep = step;
      return this;
    }

    /**
     * Loops over which utilization below the target may not rise by more than the tolerance while
     * the size at least doubles before the search stops with {@link StopReason#TARGET_UNREACHABLE}
     * (default 3 loops, 1.0 percentage point).
     */
    public Builder plateau(int loops, double tolerancePercent) {
      Preconditions.checkArgument(loops >= 2, "plateau loops must be at least 2: %s", loops);
      Preconditions.checkArgument(
          tolerancePercent >= 0, "plateau tolerance must be >= 0: %s", tolerancePercent);
      this.plateauLoops = loops;
      this.plateauTolerance = tolerancePercent;
      return this;
    }

    public GpuUsageMaximize build() {
      return new GpuUsageMaximize(this);
    }
  }
}
