package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Optional;
import org.trainer4j.extensions.minibatch.goodput.FeasibleSizes;
import org.trainer4j.extensions.minibatch.goodput.GoodputEstimate;
import org.trainer4j.extensions.minibatch.goodput.GoodputModel;
import org.trainer4j.extensions.minibatch.goodput.GradientNoise;
import org.trainer4j.extensions.minibatch.goodput.SmoothedGradientNoise;
import org.trainer4j.extensions.minibatch.goodput.StepTime;
import org.trainer4j.extensions.minibatch.goodput.StepTimeModel;

/**
 * What a {@link GoodputMaximize} search found besides its {@link SearchResult}: the smoothed
 * gradient statistics (to continue at the next re-estimate), the fitted step-time model and the
 * sizes it chose among.
 *
 * @param result the trace, the chosen size, the stop reason and the estimates in words
 * @param noise the smoothed gradient statistics after this search's estimates
 * @param stepTime the fitted step-time model, or null when the search failed before fitting one
 * @param referenceSize {@code B0}, the size efficiency is relative to
 * @param sizes the sizes the argmax ran over, or null when the search failed before it
 * @param stepTimes the step times the model was fitted to, ascending by size (measured now or
 *     reused from an earlier search); empty when the search failed before fitting
 * @param criticalBatchFactor the critical batch size the model assumed, in noise scales
 */
public record GoodputSearch(
    SearchResult result,
    SmoothedGradientNoise noise,
    StepTimeModel stepTime,
    int referenceSize,
    FeasibleSizes sizes,
    List<StepTime> stepTimes,
    double criticalBatchFactor) {

  public GoodputSearch {
    Preconditions.checkNotNull(result, "result");
    stepTimes = List.copyOf(Preconditions.checkNotNull(stepTimes, "stepTimes"));
    Preconditions.checkNotNull(noise, "noise");
    Preconditions.checkArgument(referenceSize > 0, "referenceSize must be positive");
  }

  /** The goodput model the choice was made with, when the search got that far. */
  public Optional<GoodputModel> model() {
    if (stepTime == null || noise.count() == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new GoodputModel(noise.cautious(), referenceSize, stepTime, criticalBatchFactor));
  }

  /** This search as an entry of a run's history, when it succeeded. */
  public Optional<GoodputEstimate> estimate(long iteration, int epoch, double lrFactor) {
    if (!result.succeeded() || model().isEmpty()) {
      return Optional.empty();
    }
    GradientNoise used = noise.cautious();
    return Optional.of(
        new GoodputEstimate(
            iteration,
            epoch,
            referenceSize,
            result.chosenBatchSize(),
            lrFactor,
            used.gradientSquared(),
            used.trace(),
            noise.spread().noiseScaleStandardError(),
            stepTime.fixedSeconds(),
            stepTime.perExampleSeconds(),
            sizes.max(),
            criticalBatchFactor));
  }

  /**
   * This search, or the same keeping {@code current} when its model predicts the size it chose less
   * than {@code minGain} more goodput than {@code current}: for the check of a pick that training
   * has just timed ({@link ReestimateSchedule#VERIFY_STEPS}), which times nothing and only re-fits
   * the line. Every size training times moves that line a little, and near its argmax the goodput
   * curve is flat: the main job's run on d8330fe checked each pick past the timed sizes, re-fitted
   * and chose a few examples further, 160 -> 162 -> 163 -> 165 -> 170, twenty steps apart, each
   * move predicting 0.3-1 % more goodput and changing the learning rate.
   */
  GoodputSearch keeping(int current, double minGain) {
    int chosen = result.chosenBatchSize();
    Optional<GoodputModel> m = model();
    if (!result.succeeded() || chosen == current || m.isEmpty()) {
      return this;
    }
    double gain = m.get().goodput(chosen) / m.get().goodput(current) - 1;
    if (gain >= minGain) {
      return this;
    }
    SearchResult kept =
        result.choosing(
            current,
            result.stopReason(),
            String.format(
                "kept %d: the model predicts %d only %.1f %% more goodput (a move needs %.0f %%);"
                    + " %s",
                current, chosen, 100 * gain, 100 * minGain, result.detail()));
    return withResult(kept);
  }

  /** This search with {@code other} as its result: a different choice from the same estimates. */
  GoodputSearch withResult(SearchResult other) {
    return new GoodputSearch(
        other, noise, stepTime, referenceSize, sizes, stepTimes, criticalBatchFactor);
  }
}
