package org.trainer4j.extensions.minibatch;

import java.util.List;
import org.trainer4j.extensions.minibatch.goodput.GoodputSettings;
import org.trainer4j.extensions.minibatch.goodput.NoiseSource;
import org.trainer4j.extensions.minibatch.goodput.SmoothedGradientNoise;
import org.trainer4j.extensions.minibatch.goodput.StepTime;

/**
 * The gradient noise estimates of one goodput search, made within its budget: the settings' count
 * (less those read from training steps since the last search), more while the signal cannot be told
 * from zero, and past the budget up to {@link #MIN_ESTIMATES} when they may pay ({@link
 * BudgetExtension#forNoise}).
 */
final class NoiseEstimates {

  /** Estimates a search makes past its budget, when they may pay, to have at least this many. */
  static final int MIN_ESTIMATES = 4;

  private final GoodputSettings settings;
  private final NoiseSource source;
  private final int noiseBatch;
  private final int shards;

  NoiseEstimates(GoodputSettings settings, NoiseSource source, int noiseBatch, int shards) {
    this.settings = settings;
    this.source = source;
    this.noiseBatch = noiseBatch;
    this.shards = shards;
  }

  /**
   * {@code noise} with this search's estimates added.
   *
   * @param made estimates of this search already in {@code noise} (read from training steps)
   * @param points the step times measured so far, which bound what the statistics can be worth
   */
  SmoothedGradientNoise add(
      SmoothedGradientNoise noise,
      int made,
      NoiseEstimateCost cost,
      Prober prober,
      List<StepTime> points,
      int reference) {
    long before = noise.count();
    // Like any measurement an estimate starts only if its predicted cost fits the budget, the
    // first one too: on a short job the estimates alone cost more than any size could save (on a
    // 12 s CNN training two of them took a tenth of it).
    for (int i = made; i < settings.noiseEstimates() && cost.fits(); i++) {
      noise = noise.add(cost.timed(() -> source.estimate(noiseBatch, shards)));
    }
    // A signal |G|^2 that cannot be told from zero would make every size look efficient and send
    // the pick to the bound: estimate more (up to four times as many) until it can, while the
    // budget lasts.
    for (int i = 0;
        i < 3 * settings.noiseEstimates() && cost.fits() && !noise.signalResolved();
        i++) {
      noise = noise.add(cost.timed(() -> source.estimate(noiseBatch, shards)));
    }
    long missing =
        Math.min(MIN_ESTIMATES, settings.noiseEstimates()) - (made + noise.count() - before);
    int granted =
        missing <= 0
            ? 0
            : BudgetExtension.forNoise(
                prober,
                points,
                reference,
                TimingCost.HEADROOM * cost.predictedSeconds(),
                (int) missing);
    for (int i = 0; i < granted && cost.fits(); i++) {
      noise = noise.add(cost.timed(() -> source.estimate(noiseBatch, shards)));
    }
    return noise;
  }
}
