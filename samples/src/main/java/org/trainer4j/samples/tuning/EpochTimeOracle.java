package org.trainer4j.samples.tuning;

import com.google.common.base.Preconditions;
import com.google.common.base.Ticker;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.trainer4j.extensions.minibatch.UpdaterProbeRunner;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.MomentumSGD;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.training.updaters.StandardUpdater;

/**
 * Estimates the epoch time at a batch size the brute-force way: warm-up steps, then timed steps (at
 * least a count and a duration), epoch = dataset size / batch size x median step time. Measuring a
 * size again keeps the lowest estimate, because interference from other processes only ever slows a
 * measurement down.
 */
final class EpochTimeOracle {

  private final int datasetSize;
  private final UpdaterProbeRunner runner;
  private final int warmupSteps;
  private final int minSteps;
  private final double minSeconds;
  private final Map<Integer, Double> epochSeconds = new TreeMap<>();
  private double seconds;

  EpochTimeOracle(TuneWorkload workload, int warmupSteps, int minSteps, double minSeconds) {
    Model model = workload.model().get();
    Optimizer optimizer = new MomentumSGD(1e-3, 0.9);
    optimizer.setup(model);
    SerialIterator iterator = SerialIterator.builder(workload.data()).seed(1).build();
    this.runner =
        new UpdaterProbeRunner(new StandardUpdater(iterator, optimizer), Ticker.systemTicker());
    this.datasetSize = workload.data().size();
    this.warmupSteps = warmupSteps;
    this.minSteps = minSteps;
    this.minSeconds = minSeconds;
  }

  /** Measures {@code batchSize} (again) and returns its best epoch estimate; NaN if it failed. */
  double measure(int batchSize) {
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive: %s", batchSize);
    long start = System.nanoTime();
    double estimate;
    try {
      runner.run(batchSize, warmupSteps);
      double[] steps = runner.run(batchSize, minSteps);
      double total = Arrays.stream(steps).sum();
      while (total < minSeconds) {
        double[] more = runner.run(batchSize, 1);
        steps = Arrays.copyOf(steps, steps.length + 1);
        steps[steps.length - 1] = more[0];
        total += more[0];
      }
      Arrays.sort(steps);
      double median = steps[steps.length / 2];
      estimate = (double) datasetSize / batchSize * median;
    } catch (RuntimeException | OutOfMemoryError e) {
      runner.recoverFromOutOfMemory();
      estimate = Double.NaN;
    }
    seconds += (System.nanoTime() - start) / 1e9;
    if (Double.isFinite(estimate)) {
      epochSeconds.merge(batchSize, estimate, Math::min);
    }
    return epochSeconds.getOrDefault(batchSize, Double.NaN);
  }

  /** The estimate for {@code batchSize}, measuring it first if needed. */
  double epochSeconds(int batchSize) {
    Double known = epochSeconds.get(batchSize);
    return known != null ? known : measure(batchSize);
  }

  /** All sizes measured and their epoch estimates, by size. */
  Map<Integer, Double> grid() {
    return new LinkedHashMap<>(epochSeconds);
  }

  /** The size with the lowest epoch estimate. */
  int bestBatchSize() {
    return epochSeconds.entrySet().stream()
        .min(Map.Entry.comparingByValue())
        .orElseThrow(() -> new IllegalStateException("no size could be measured"))
        .getKey();
  }

  double bestEpochSeconds() {
    return epochSeconds.get(bestBatchSize());
  }

  /** Wall seconds spent measuring. */
  double seconds() {
    return seconds;
  }
}
