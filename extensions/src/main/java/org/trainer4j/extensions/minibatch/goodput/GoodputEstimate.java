package org.trainer4j.extensions.minibatch.goodput;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;

/**
 * One estimate of a goodput search, before training or at a re-estimate during it: when it was
 * made, the size and learning-rate factor it chose, the smoothed gradient statistics with the noise
 * scale's standard error, and the step-time model. Everything is a number, so the history of a run
 * packs into one array of a snapshot ({@link #pack}, {@link #unpack}) and the goodput curve of
 * every estimate can be drawn again from it.
 *
 * @param iteration training iterations done when it was made
 * @param epoch the epoch it was made at
 * @param referenceSize {@code B0}, the size efficiency and the learning-rate factor refer to
 * @param batchSize the size chosen
 * @param lrFactor the factor on the reference size's learning rate
 * @param gradientSquared smoothed {@code |G|^2}, as the choice used it ({@link
 *     SmoothedGradientNoise#cautious()}: a signal at or below zero raised to its floor)
 * @param trace smoothed {@code tr(Sigma)}
 * @param noiseScaleError standard error of the smoothed noise scale, NaN when unknown
 * @param fixedSeconds the step-time model's fixed seconds per step
 * @param perExampleSeconds the step-time model's seconds per example
 * @param maxBatchSize the largest size the search allowed (memory, dataset, bounds)
 * @param criticalBatchFactor the critical batch size the choice assumed, in noise scales ({@link
 *     GoodputSettings#criticalBatchFactor()})
 */
public record GoodputEstimate(
    long iteration,
    int epoch,
    int referenceSize,
    int batchSize,
    double lrFactor,
    double gradientSquared,
    double trace,
    double noiseScaleError,
    double fixedSeconds,
    double perExampleSeconds,
    int maxBatchSize,
    double criticalBatchFactor) {

  private static final int FIELDS = 12;

  /**
   * Leads a packed history since the critical batch factor joined it: histories packed before have
   * 11 numbers per estimate, start with an iteration (never negative) and were chosen with the
   * factor 1.
   */
  private static final double FORMAT_12 = -12;

  private static final int OLD_FIELDS = 11;

  public GoodputEstimate {
    Preconditions.checkArgument(referenceSize > 0, "referenceSize must be positive");
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive: %s", batchSize);
    Preconditions.checkArgument(maxBatchSize > 0, "maxBatchSize must be positive");
    GoodputSettings.checkCriticalBatchFactor(criticalBatchFactor);
  }

  /** The gradient statistics. */
  public GradientNoise noise() {
    return new GradientNoise(gradientSquared, trace);
  }

  /** The simple noise scale {@code B_noise}. */
  public double noiseScale() {
    return noise().noiseScale();
  }

  /** The goodput model this estimate chose by. */
  public GoodputModel model() {
    return new GoodputModel(
        noise(),
        referenceSize,
        new StepTimeModel(fixedSeconds, perExampleSeconds, 0),
        criticalBatchFactor);
  }

  /** The model's figures at the chosen size. */
  public GoodputModel.Point chosen() {
    return model().at(batchSize);
  }

  /** The history as one flat array: a format mark, then {@value #FIELDS} numbers per estimate. */
  public static double[] pack(List<GoodputEstimate> history) {
    double[] out = new double[1 + history.size() * FIELDS];
    out[0] = FORMAT_12;
    int i = 1;
    for (GoodputEstimate e : history) {
      double[] row = {
        e.iteration,
        e.epoch,
        e.referenceSize,
        e.batchSize,
        e.lrFactor,
        e.gradientSquared,
        e.trace,
        e.noiseScaleError,
        e.fixedSeconds,
        e.perExampleSeconds,
        e.maxBatchSize,
        e.criticalBatchFactor
      };
      System.arraycopy(row, 0, out, i, FIELDS);
      i += FIELDS;
    }
    return out;
  }

  /** The history {@link #pack} made, or one packed before the factor joined it (factor 1). */
  public static List<GoodputEstimate> unpack(double[] packed) {
    boolean current = packed.length > 0 && packed[0] == FORMAT_12;
    int fields = current ? FIELDS : OLD_FIELDS;
    int start = current ? 1 : 0;
    Preconditions.checkArgument(
        (packed.length - start) % fields == 0, "packed history length %s", packed.length);
    List<GoodputEstimate> out = new ArrayList<>();
    for (int i = start; i < packed.length; i += fields) {
      out.add(
          new GoodputEstimate(
              (long) packed[i],
              (int) packed[i + 1],
              (int) packed[i + 2],
              (int) packed[i + 3],
              packed[i + 4],
              packed[i + 5],
              packed[i + 6],
              packed[i + 7],
              packed[i + 8],
              packed[i + 9],
              (int) packed[i + 10],
              current ? packed[i + 11] : 1));
    }
    return out;
  }
}
