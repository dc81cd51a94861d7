package org.trainer4j.extensions.minibatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.trainer4j.extensions.minibatch.goodput.StepTime;

/** The step times a goodput search fits its line to: those it knew and those it timed. */
final class GoodputPoints {

  private GoodputPoints() {}

  /** The known step times of sizes the bounds (memory, user) still allow. */
  static List<StepTime> within(List<StepTime> known, Prober prober) {
    return known.stream()
        .filter(p -> p.batchSize() >= prober.minBatchSize())
        .filter(p -> p.batchSize() <= prober.maxBatchSize())
        .toList();
  }

  /** Measured and known step times by size, ascending; a size timed now replaces a known one. */
  static List<StepTime> of(List<StepTime> known, Candidates candidates, Prober prober) {
    TreeMap<Integer, StepTime> bySize = new TreeMap<>();
    for (StepTime p : within(known, prober)) {
      bySize.put(p.batchSize(), p);
    }
    for (Map.Entry<Integer, Measurement> e : candidates.all().entrySet()) {
      Measurement m = e.getValue();
      if (m.feasible() && m.stepSeconds() > 0 && Double.isFinite(m.stepSeconds())) {
        bySize.put(e.getKey(), new StepTime(e.getKey(), m.stepSeconds()));
      }
    }
    return new ArrayList<>(bySize.values());
  }

  /**
   * Of {@code points}, those an earlier search's probes timed: known, not training's, and not timed
   * again by this search (whose own timings and training's are the current condition).
   */
  static List<StepTime> earlierProbes(List<StepTime> points, Candidates candidates) {
    return points.stream()
        .filter(p -> !p.fromTraining())
        .filter(p -> !candidates.all().containsKey(p.batchSize()))
        .toList();
  }

  /** The known step time training measured at {@code size}, or null. */
  static StepTime trainedAt(List<StepTime> known, int size) {
    return known.stream()
        .filter(p -> p.fromTraining() && p.batchSize() == size)
        .findFirst()
        .orElse(null);
  }
}
