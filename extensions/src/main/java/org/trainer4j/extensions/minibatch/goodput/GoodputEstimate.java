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
    int maxBatchSize) {

  private static final int FIELDS = 11;

  public GoodputEstimate {
    Preconditions.checkArgument(referenceSize > 0, "referenceSize must be positive");
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive: %s", batchSize);
    Preconditions.checkArgument(maxBatchSize > 0, "maxBatchSize must be positive");
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
        noise(), referenceSize, new StepTimeModel(fixedSeconds, perExampleSeconds, 0));
  }

  /** The model's figures at the chosen size. */
  public GoodputModel.Point chosen() {
    return model().at(batchSize);
  }

  /** The history as one flat array, {@value #FIELDS} numbers per estimate. */
  public static double[] pack(List<GoodputEstimate> history) {
    double[] out = new double[history.size() * FIELDS];
    int i = 0;
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
        e.maxBatchSize
      };
      System.arraycopy(row, 0, out, i, FIELDS);
      i += FIELDS;
    }
    return out;
  }

  /** The history {@link #pack} made. */
  public static List<GoodputEstimate> unpack(double[] packed) {
    Preconditions.checkArgument(
        packed.length % FIELDS == 0, "packed history length %s", packed.length);
    List<GoodputEstimate> out = new ArrayList<>();
    for (int i = 0; i < packed.length; i += FIELDS) {
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
              (int) packed[i + 10]));
    }
    return out;
  }
}
