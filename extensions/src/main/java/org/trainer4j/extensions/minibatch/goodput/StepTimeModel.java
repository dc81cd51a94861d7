package org.trainer4j.extensions.minibatch.goodput;

import com.google.common.base.Preconditions;
import com.google.common.math.Quantiles;
import java.util.ArrayList;
import java.util.List;

/**
 * Seconds per training step as a function of the batch size, {@code t(B) = fixed + perExample * B}:
 * a fixed cost per step (launches, the optimizer update, synchronization) plus a cost per example,
 * as in Pollux's model of one replica's compute. Fitted to measured {@link StepTime}s by least
 * squares on relative residuals (a step of 2 s is not 100 times more trustworthy than one of 20
 * ms), with both coefficients kept non-negative, so the model never predicts a step that gets
 * faster with more examples or costs nothing.
 *
 * @param fixedSeconds seconds per step whatever the size
 * @param perExampleSeconds additional seconds per example
 * @param maxRelativeResidual the largest {@code |t(B) - measured| / measured} over the fitted
 *     points: how well a straight line describes them (0 for a perfect fit)
 */
public record StepTimeModel(
    double fixedSeconds, double perExampleSeconds, double maxRelativeResidual) {

  public StepTimeModel {
    Preconditions.checkArgument(
        fixedSeconds >= 0 && Double.isFinite(fixedSeconds),
        "fixedSeconds must be non-negative: %s",
        fixedSeconds);
    Preconditions.checkArgument(
        perExampleSeconds >= 0 && Double.isFinite(perExampleSeconds),
        "perExampleSeconds must be non-negative: %s",
        perExampleSeconds);
    Preconditions.checkArgument(
        fixedSeconds + perExampleSeconds > 0, "a step cannot cost nothing at every size");
  }

  /**
   * The non-negative least-squares line through {@code points}, weighting each squared residual by
   * {@code 1 / seconds^2}.
   *
   * @throws IllegalArgumentException with fewer than two distinct batch sizes, which cannot
   *     separate the fixed cost from the cost per example
   */
  public static StepTimeModel fit(List<StepTime> points) {
    Preconditions.checkNotNull(points, "points");
    long sizes = points.stream().mapToInt(StepTime::batchSize).distinct().count();
    Preconditions.checkArgument(
        sizes >= 2, "points need at least 2 distinct batch sizes, got %s: %s", sizes, points);
    double sw = 0;
    double swb = 0;
    double swbb = 0;
    double sws = 0;
    double swbs = 0;
    for (StepTime p : points) {
      double w = 1 / (p.seconds() * p.seconds());
      sw += w;
      swb += w * p.batchSize();
      swbb += w * p.batchSize() * p.batchSize();
      sws += w * p.seconds();
      swbs += w * p.batchSize() * p.seconds();
    }
    double det = sw * swbb - swb * swb;
    double fixed = (swbb * sws - swb * swbs) / det;
    double perExample = (sw * swbs - swb * sws) / det;
    if (fixed < 0 || perExample < 0) {
      // The unconstrained optimum is infeasible, so the constrained one lies on a boundary: the
      // better of a line through the origin and a constant.
      StepTimeModel proportional = withResidual(points, 0, swbs / swbb);
      StepTimeModel constant = withResidual(points, sws / sw, 0);
      return weightedError(points, proportional) <= weightedError(points, constant)
          ? proportional
          : constant;
    }
    return withResidual(points, fixed, perExample);
  }

  /**
   * The line through step times taken in two conditions: {@code current}, training's own steps and
   * this search's probes, and {@code earlier}, the probes of earlier searches. A probe times a copy
   * for a few steps, the first search's right after the JVM started and often beside other work;
   * training times thousands of steps in its steady state. The two may differ by a factor that the
   * sizes do not explain: the full-data MLP's first probes at 32 to 128 ran 2-4x slower per example
   * than training at 256 did, and the line through all of them missed training's step by 21 %,
   * which stopped every later re-estimate at 256. So the earlier probes' own line is scaled to pass
   * through the current times (by the median ratio), which keeps the earlier probes' shape of
   * {@code t(B)} at the current level, and the line is fitted to both. With fewer than two earlier
   * sizes or no current one, this is {@link #fit} of all.
   */
  public static StepTimeModel fitAcrossConditions(List<StepTime> current, List<StepTime> earlier) {
    Preconditions.checkNotNull(current, "current");
    Preconditions.checkNotNull(earlier, "earlier");
    List<StepTime> all = new ArrayList<>(current);
    all.addAll(earlier);
    if (current.isEmpty()
        || earlier.stream().mapToInt(StepTime::batchSize).distinct().count() < 2) {
      return fit(all);
    }
    StepTimeModel earlierLine = fit(earlier);
    double scale =
        Quantiles.median()
            .compute(
                current.stream()
                    .mapToDouble(p -> p.seconds() / earlierLine.seconds(p.batchSize()))
                    .toArray());
    List<StepTime> scaled = new ArrayList<>(current);
    earlier.forEach(p -> scaled.add(new StepTime(p.batchSize(), scale * p.seconds())));
    return fit(scaled);
  }

  /** Predicted seconds per step at {@code batchSize}. */
  public double seconds(int batchSize) {
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive: %s", batchSize);
    return fixedSeconds + perExampleSeconds * batchSize;
  }

  /** Predicted examples per second at {@code batchSize}. */
  public double throughput(int batchSize) {
    return batchSize / seconds(batchSize);
  }

  private static StepTimeModel withResidual(List<StepTime> points, double fixed, double perEx) {
    double worst = 0;
    for (StepTime p : points) {
      worst = Math.max(worst, Math.abs(fixed + perEx * p.batchSize() - p.seconds()) / p.seconds());
    }
    return new StepTimeModel(fixed, perEx, worst);
  }

  private static double weightedError(List<StepTime> points, StepTimeModel m) {
    double sum = 0;
    for (StepTime p : points) {
      double r = (m.seconds(p.batchSize()) - p.seconds()) / p.seconds();
      sum += r * r;
    }
    return sum;
  }
}
