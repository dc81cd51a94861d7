package org.trainer4j.extensions.minibatch;

import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.extensions.minibatch.goodput.GradientNoise;
import org.trainer4j.extensions.minibatch.goodput.StepTime;
import org.trainer4j.extensions.minibatch.goodput.StepTimeModel;

/**
 * Whether one more gradient noise estimate fits a search's budget. An estimate is a forward and
 * backward pass over each shard of the noise batch, so before the first one its cost is predicted
 * from the step time at the shard size: measured in this search, or else on the line through the
 * step times it knows from earlier searches and training (a re-estimate that times nothing would
 * otherwise predict nothing, and a budget extension for estimates needs their cost); after that,
 * the last estimate's own duration is the prediction, with a measurement's headroom ({@link
 * TimingCost#HEADROOM}).
 */
final class NoiseEstimateCost {

  private static final Logger log = LoggerFactory.getLogger(NoiseEstimateCost.class);

  private final Prober prober;
  private double predicted;

  /**
   * @param passes the forward and backward passes of one estimate, each over an equal share of the
   *     noise batch (its shards)
   * @param known the step times known so far (this search's and earlier ones')
   */
  NoiseEstimateCost(
      Prober prober, Candidates candidates, int noiseBatch, int passes, List<StepTime> known) {
    this.prober = prober;
    int shard = Math.max(1, noiseBatch / passes);
    double pass = candidates.predictStepSeconds(shard);
    if (!Double.isFinite(pass)
        && known.stream().mapToInt(StepTime::batchSize).distinct().count() >= 2) {
      pass = StepTimeModel.fit(known).seconds(shard);
    }
    this.predicted = Double.isFinite(pass) ? passes * pass : 0;
  }

  /** The predicted seconds of the next estimate (0 when nothing was measured to predict from). */
  double predictedSeconds() {
    return predicted;
  }

  /**
   * True if the next estimate, at its predicted cost, ends within the budget; at an unknown cost,
   * if any budget is left.
   */
  boolean fits() {
    if (predicted == 0) {
      return prober.elapsedSeconds() < prober.budgetSeconds();
    }
    return prober.elapsedSeconds() + TimingCost.HEADROOM * predicted <= prober.budgetSeconds();
  }

  /** Runs {@code estimate} and takes its duration as the next one's prediction. */
  GradientNoise timed(Supplier<GradientNoise> estimate) {
    double start = prober.elapsedSeconds();
    GradientNoise noise = estimate.get();
    double took = Math.max(0, prober.elapsedSeconds() - start);
    log.debug("noise estimate: {} s (predicted {} s)", took, predicted);
    predicted = took;
    return noise;
  }
}
