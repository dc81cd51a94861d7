package org.trainer4j.extensions.minibatch;

import java.util.List;
import java.util.Map;
import org.trainer4j.extensions.minibatch.goodput.GoodputEstimate;
import org.trainer4j.training.Trainer;

/** The figures {@link GoodputOptimizer} reports at every iteration. */
final class GoodputObservations {

  private GoodputObservations() {}

  /**
   * {@code minibatch/size}, {@code minibatch/lr_factor}, {@code minibatch/probe_seconds} and {@code
   * lr}; once a search succeeded, the last estimate's {@code minibatch/gns}, {@code
   * minibatch/gns_error}, {@code minibatch/efficiency} and {@code minibatch/goodput}.
   */
  static void report(
      Trainer trainer,
      int batchSize,
      double lrFactor,
      double probeSeconds,
      List<GoodputEstimate> history) {
    Map<String, Double> obs = trainer.getObservation();
    obs.put("minibatch/size", (double) batchSize);
    obs.put("minibatch/lr_factor", lrFactor);
    obs.put("minibatch/probe_seconds", probeSeconds);
    obs.put("lr", trainer.getUpdater().getOptimizer().getLearningRate());
    if (!history.isEmpty()) {
      GoodputEstimate last = history.get(history.size() - 1);
      obs.put("minibatch/gns", last.noiseScale());
      obs.put("minibatch/gns_error", last.noiseScaleError());
      obs.put("minibatch/efficiency", last.chosen().efficiency());
      obs.put("minibatch/goodput", last.chosen().goodput());
    }
  }
}
