package org.trainer4j.extensions.minibatch;

import java.util.function.Supplier;
import org.trainer4j.extensions.minibatch.goodput.GradientNoise;

/**
 * Whether one more gradient noise estimate fits a search's budget. An estimate is a forward and
 * backward pass over each shard of the noise batch, so before the first one its cost is predicted
 * from the measured step time at the shard size; after that, the last estimate's own duration is
 * the prediction, with a measurement's headroom ({@link Candidates#COST_HEADROOM}).
 */
final class NoiseEstimateCost {

  private final Prober prober;
  private double predicted;

  /**
   * @param passes the forward and backward passes of one estimate, each over an equal share of the
   *     noise batch (its shards)
   */
  NoiseEstimateCost(Prober prober, Candidates candidates, int noiseBatch, int passes) {
    this.prober = prober;
    double pass = candidates.predictStepSeconds(Math.max(1, noiseBatch / passes));
    this.predicted = Double.isFinite(pass) ? passes * pass : 0;
  }

  /** The predicted seconds of the next estimate (0 when nothing was measured to predict from). */
  double predictedSeconds() {
    return predicted;
  }

  /** True if the next estimate, at its predicted cost, ends within the budget. */
  boolean fits() {
    return prober.elapsedSeconds() + Candidates.COST_HEADROOM * predicted <= prober.budgetSeconds();
  }

  /** Runs {@code estimate} and takes its duration as the next one's prediction. */
  GradientNoise timed(Supplier<GradientNoise> estimate) {
    double start = prober.elapsedSeconds();
    GradientNoise noise = estimate.get();
    predicted = Math.max(0, prober.elapsedSeconds() - start);
    return noise;
  }
}
