package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;

/**
 * The timing of one size: windows of training seconds per example (each the mean over the window's
 * steps), with what the measurement cost. A size's time is the median of its windows and its noise
 * their robust relative spread, so one window slowed by a pause moves neither. Shared by every
 * strategy; windows from several measurements of a size are pooled with {@link #pooledWith}.
 *
 * @param batchSize the size measured
 * @param windows seconds per example of each timing window, in order
 * @param steps training steps run, warm-up included
 * @param warmupSteps steps whose time was discarded
 * @param seconds seconds of all steps, warm-up included (what the measurement cost; the probe
 *     runner's step times, which leave out waits for a CPU: {@link RunQueueWait})
 * @param peakBytes highest memory use seen during the steps, or -1 when unknown
 * @param feasible false when the size ran out of memory or was refused by the memory ceiling
 * @param note the out-of-memory message, a bound that applied, ...
 */
public record Measurement(
    int batchSize,
    List<Double> windows,
    int steps,
    int warmupSteps,
    double seconds,
    long peakBytes,
    boolean feasible,
    String note) {

  public Measurement {
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive: %s", batchSize);
    windows = List.copyOf(windows);
    note = note == null ? "" : note;
  }

  /** A size that could not be measured. */
  public static Measurement infeasible(int batchSize, int steps, double seconds, String note) {
    return new Measurement(batchSize, List.of(), steps, 0, seconds, -1, false, note);
  }

  /** Median seconds per example over the windows; infinite when infeasible. */
  public double perExampleSeconds() {
    return feasible ? WindowStats.median(windows) : Double.POSITIVE_INFINITY;
  }

  /**
   * Seconds per example of the fastest window; infinite when infeasible. Where disturbances only
   * slow steps down (a busy neighbour, a load, this machine's stretches of 10-20 steps running 25 %
   * slower), it is the size's time with the disturbance left out, while the median of a few short
   * windows is the time of whichever state most of them fell in.
   */
  public double fastestPerExampleSeconds() {
    return feasible
        ? windows.stream().mapToDouble(Double::doubleValue).min().orElse(Double.POSITIVE_INFINITY)
        : Double.POSITIVE_INFINITY;
  }

  /** Median seconds per training step. */
  public double stepSeconds() {
    return perExampleSeconds() * batchSize;
  }

  /** Estimated seconds of one epoch of {@code datasetSize} examples. */
  public double epochSeconds(int datasetSize) {
    return perExampleSeconds() * datasetSize;
  }

  /** Robust relative spread of the windows; NaN with fewer than two. */
  public double noise() {
    return WindowStats.relativeSpread(windows);
  }

  /** This measurement's windows and costs together with {@code later}'s, of the same size. */
  public Measurement pooledWith(Measurement later) {
    Preconditions.checkArgument(
        later.batchSize == batchSize,
        "cannot pool size %s with size %s",
        later.batchSize,
        batchSize);
    List<Double> all = new ArrayList<>(windows);
    all.addAll(later.windows);
    return new Measurement(
        batchSize,
        all,
        steps + later.steps,
        warmupSteps + later.warmupSteps,
        seconds + later.seconds,
        Math.max(peakBytes, later.peakBytes),
        feasible && later.feasible,
        later.note.isEmpty() ? note : later.note);
  }
}
