package org.trainer4j.extensions.minibatch.goodput;

import com.google.common.base.Preconditions;
import java.util.Locale;
import org.trainer4j.extensions.minibatch.LrScaling;

/**
 * How the learning rate follows the batch size: the rules of {@link LrScaling} ({@code none},
 * {@code linear}, {@code sqrt}), with which they agree exactly, and {@code adascale}, AdaScale's
 * gain ratio from the measured {@link GradientNoise} (Johnson et al. 2020, as Pollux applies it):
 * linear while the gradient is mostly noise, flat once it is mostly signal.
 *
 * <p>A rule gives the factor on the learning rate of the initial size. It composes with the
 * learning-rate schedules through {@code Shift.rescale}, whose {@code scale()} is the product of
 * the factors applied so far: {@link #rescaleTowards} turns a new target factor into the next
 * {@code rescale} argument, so repeated re-estimates never compound.
 */
public enum LrRule {
  NONE,
  LINEAR,
  SQRT,
  ADASCALE;

  /** The rule matching an {@link LrScaling}. */
  public static LrRule of(LrScaling scaling) {
    Preconditions.checkNotNull(scaling, "scaling");
    return valueOf(scaling.name());
  }

  /**
   * The rule named {@code name}, in any case ({@code "sqrt"}, {@code "AdaScale"}).
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static LrRule parse(String name) {
    Preconditions.checkNotNull(name, "name");
    for (LrRule rule : values()) {
      if (rule.name().equals(name.toUpperCase(Locale.ROOT))) {
        return rule;
      }
    }
    throw new IllegalArgumentException(
        "unknown learning-rate rule: " + name + " (none, linear, sqrt or adascale)");
  }

  /** True if {@link #factor} needs gradient statistics. */
  public boolean needsGradientStatistics() {
    return this == ADASCALE;
  }

  /**
   * The factor on the initial size's learning rate at {@code batchSize}.
   *
   * @param noise smoothed gradient statistics; only {@link #ADASCALE} reads them, the others accept
   *     null
   * @throws IllegalArgumentException for non-positive sizes, or {@link #ADASCALE} without
   *     statistics
   */
  public double factor(int initialBatchSize, int batchSize, GradientNoise noise) {
    return switch (this) {
      case NONE, LINEAR, SQRT -> LrScaling.valueOf(name()).factor(initialBatchSize, batchSize);
      case ADASCALE -> {
        Preconditions.checkArgument(noise != null, "ADASCALE needs gradient statistics (noise)");
        yield noise.gain(batchSize, initialBatchSize);
      }
    };
  }

  /**
   * The argument of {@code Shift.rescale} (and the multiplier of the optimizer's current rate) that
   * takes a schedule whose {@code scale()} is {@code appliedScale} to {@code targetFactor}.
   */
  public static double rescaleTowards(double appliedScale, double targetFactor) {
    Preconditions.checkArgument(
        appliedScale > 0 && Double.isFinite(appliedScale),
        "appliedScale must be positive: %s",
        appliedScale);
    Preconditions.checkArgument(
        targetFactor > 0 && Double.isFinite(targetFactor),
        "targetFactor must be positive: %s",
        targetFactor);
    return targetFactor / appliedScale;
  }
}
