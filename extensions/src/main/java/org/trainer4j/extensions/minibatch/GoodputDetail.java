package org.trainer4j.extensions.minibatch;

import org.trainer4j.extensions.minibatch.goodput.GoodputModel;
import org.trainer4j.extensions.minibatch.goodput.GradientNoise;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.extensions.minibatch.goodput.ModelNoiseSource;
import org.trainer4j.extensions.minibatch.goodput.SmoothedGradientNoise;
import org.trainer4j.extensions.minibatch.goodput.StepTimeModel;

/** The estimates behind a goodput search's choice, in the words of its result's detail. */
final class GoodputDetail {

  private GoodputDetail() {}

  /**
   * The start of the log line of a search that moved the size: at which {@code epoch}, whether
   * training {@code verifying} timed the pick, the sizes and the learning-rate factor and rule.
   */
  static String change(int epoch, boolean verifying, int from, int to, double factor, LrRule rule) {
    return String.format(
        "epoch %d%s: batch size %d -> %d, learning rate x %.4g (%s), ",
        epoch, verifying ? " (training timed the pick)" : "", from, to, factor, rule);
  }

  /**
   * @param noise the smoothed gradient statistics the choice used
   * @param model the goodput model of the choice ({@code noise.cautious()}, {@code B0}, the fitted
   *     step-time line, the critical batch factor)
   * @param chosen the chosen size
   * @param noiseBatch the noise batch of the extra-pass estimates
   * @param shards the updater's replica count (1: a single model, estimated over ghost shards)
   * @param fresh estimates read from training steps since the last search
   */
  static String describe(
      SmoothedGradientNoise noise,
      GoodputModel model,
      int chosen,
      int noiseBatch,
      int shards,
      int fresh) {
    GradientNoise n = noise.current();
    SmoothedGradientNoise.NoiseSpread s = noise.spread();
    GradientNoise used = model.noise();
    GoodputModel.Point p = model.at(chosen);
    StepTimeModel stepTime = model.stepTime();
    double k = model.criticalBatchFactor();
    String unresolved =
        used.equals(n)
            ? ""
            : String.format(
                "; |G|^2 not above zero, taken as %.3g: B_noise at least %.4g",
                used.gradientSquared(), used.noiseScale());
    return String.format(
        "B_noise %.4g +- %s (%d estimates at %d, %s%s; |G|^2 %.3g +- %s, tr(Sigma) %.3g +-"
            + " %s%s); t(B) = %.3g s + %.3g s x B (max residual %.1f %%); at %d: goodput %.4g"
            + " examples/s, efficiency %.3f vs %d%s",
        n.noiseScale(),
        error(s.noiseScaleStandardError(), s),
        noise.count(),
        noiseBatch,
        ModelNoiseSource.shardsFor(noiseBatch, shards)
            + (shards >= 2 ? " shards" : " ghost shards"),
        fresh > 0 ? String.format(", %d new from training steps", fresh) : "",
        n.gradientSquared(),
        error(s.sqrStandardError(), s),
        n.trace(),
        error(s.traceStandardError(), s),
        unresolved,
        stepTime.fixedSeconds(),
        stepTime.perExampleSeconds(),
        100 * stepTime.maxRelativeResidual(),
        chosen,
        p.goodput(),
        p.efficiency(),
        model.initialBatchSize(),
        k == 1 ? "" : " (critical batch " + factor(k) + " x B_noise)");
  }

  /** {@code k} as written: 4 rather than 4.0. */
  private static String factor(double k) {
    return k == Math.rint(k) ? Long.toString((long) k) : Double.toString(k);
  }

  /** {@code value} to two digits; "?" when unknown (NaN, or from estimates worth only one). */
  private static String error(double value, SmoothedGradientNoise.NoiseSpread spread) {
    return Double.isNaN(value) || !spread.hasSpread() ? "?" : String.format("%.2g", value);
  }
}
