package org.trainer4j.extensions.minibatch.goodput;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * Pollux's objective (Qiao et al., OSDI 2021): {@code goodput(B) = throughput(B) x efficiency(B)},
 * the examples per second a batch size processes, discounted by how much less each of them teaches
 * than at the initial size {@code B0}. Throughput comes from a fitted {@link StepTimeModel},
 * efficiency from smoothed {@link GradientNoise} statistics. Maximizing goodput minimizes the time
 * to a given loss under McCandlish et al.'s model, since steps to it are {@code S(B) = S_min (1 +
 * B_noise / B)} and the time is {@code S(B) t(B)}.
 *
 * @param noise smoothed gradient statistics, with some signal or noise measured
 * @param initialBatchSize {@code B0}, the size efficiency is relative to
 * @param stepTime seconds per step as a function of the size
 * @param criticalBatchFactor the critical batch size in measured noise scales ({@link
 *     GoodputSettings#criticalBatchFactor()}); 1 is the model as published
 */
public record GoodputModel(
    GradientNoise noise, int initialBatchSize, StepTimeModel stepTime, double criticalBatchFactor) {

  /** Relative difference in goodput below which two sizes tie (far below any measured one). */
  static final double TIE = 1e-9;

  /** The model as published: the critical batch size is the measured noise scale. */
  public GoodputModel(GradientNoise noise, int initialBatchSize, StepTimeModel stepTime) {
    this(noise, initialBatchSize, stepTime, 1);
  }

  public GoodputModel {
    Preconditions.checkNotNull(noise, "noise");
    Preconditions.checkNotNull(stepTime, "stepTime");
    Preconditions.checkArgument(
        initialBatchSize > 0, "initialBatchSize must be positive: %s", initialBatchSize);
    Preconditions.checkArgument(
        noise.gradientSquared() > 0 || noise.trace() > 0,
        "noise has neither signal nor noise: %s",
        noise);
    GoodputSettings.checkCriticalBatchFactor(criticalBatchFactor);
  }

  /** Throughput, efficiency and goodput at {@code batchSize}. */
  public Point at(int batchSize) {
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive: %s", batchSize);
    double throughput = stepTime.throughput(batchSize);
    double efficiency = noise.efficiency(batchSize, initialBatchSize, criticalBatchFactor);
    return new Point(batchSize, stepTime.seconds(batchSize), throughput, efficiency);
  }

  /**
   * Goodput at {@code batchSize}: examples per second, each worth as much as at the initial size.
   */
  public double goodput(int batchSize) {
    return at(batchSize).goodput();
  }

  /**
   * The feasible size with the highest goodput; the smaller one on a tie, goodputs within {@link
   * #TIE} of each other counting as one: where goodput is flat (a step proportional to the size, a
   * gradient that is all noise) rounding alone had sent the pick to 1,688 of 8-4,096.
   */
  public Point best(FeasibleSizes sizes) {
    Preconditions.checkNotNull(sizes, "sizes");
    Point best = null;
    for (int b : sizes.sizes().toArray()) {
      Point p = at(b);
      if (best == null || p.goodput() > best.goodput() * (1 + TIE)) {
        best = p;
      }
    }
    return best;
  }

  /** The curve at every feasible size, for the goodput-versus-size plot. */
  public List<Point> curve(FeasibleSizes sizes) {
    Preconditions.checkNotNull(sizes, "sizes");
    return sizes.sizes().mapToObj(this::at).toList();
  }

  /**
   * The model's figures at one batch size.
   *
   * @param batchSize the size
   * @param stepSeconds predicted seconds per step
   * @param throughput predicted examples per second
   * @param efficiency progress per example relative to the initial size
   */
  public record Point(int batchSize, double stepSeconds, double throughput, double efficiency) {

    /** {@code throughput x efficiency}. */
    public double goodput() {
      return throughput * efficiency;
    }
  }
}
