package org.trainer4j.extensions.minibatch;

import java.util.Map;
import java.util.NavigableMap;

/**
 * Step seconds at a size not timed yet, predicted from the sizes that were: what a measurement's
 * cost and a budget check rest on. A step does not get faster as the batch grows, so no prediction
 * exceeds the time of a larger size that was timed: a smaller size whose windows caught a
 * disturbance (in a long-lived JVM, 32 timed 15 times slower than 64 right after it) would
 * otherwise make every size near it look too dear to time.
 */
final class StepTimePrediction {

  private StepTimePrediction() {}

  /**
   * Linear interpolation between the neighbouring feasible sizes of {@code measured}, linear
   * extrapolation through the two largest below (never below the largest one's time), and with a
   * single measurement, proportional to the size (an overestimate, which keeps the budget check
   * conservative); at most the fastest step of any larger size. NaN with nothing measured.
   */
  static double predict(NavigableMap<Integer, Measurement> measured, int b) {
    double larger =
        measured.tailMap(b, false).values().stream()
            .filter(Measurement::feasible)
            .mapToDouble(Measurement::stepSeconds)
            .min()
            .orElse(Double.POSITIVE_INFINITY);
    return Math.min(interpolated(measured, b), larger);
  }

  private static double interpolated(NavigableMap<Integer, Measurement> measured, int b) {
    Map.Entry<Integer, Measurement> lo = feasible(measured, measured.floorEntry(b), false);
    Map.Entry<Integer, Measurement> hi = feasible(measured, measured.ceilingEntry(b), true);
    if (lo == null && hi == null) {
      return Double.NaN;
    }
    if (lo == null) {
      return hi.getValue().stepSeconds();
    }
    if (hi != null) {
      if (lo.getKey().equals(hi.getKey())) {
        return lo.getValue().stepSeconds();
      }
      double t = (double) (b - lo.getKey()) / (hi.getKey() - lo.getKey());
      return lo.getValue().stepSeconds() * (1 - t) + hi.getValue().stepSeconds() * t;
    }
    Map.Entry<Integer, Measurement> before =
        feasible(measured, measured.lowerEntry(lo.getKey()), false);
    double last = lo.getValue().stepSeconds();
    if (before == null) {
      return last * b / lo.getKey();
    }
    double slope =
        Math.max(0, (last - before.getValue().stepSeconds()) / (lo.getKey() - before.getKey()));
    return last + slope * (b - lo.getKey());
  }

  /** The nearest feasible entry of {@code measured} at or beyond {@code entry}, up or down. */
  static Map.Entry<Integer, Measurement> feasible(
      NavigableMap<Integer, Measurement> measured,
      Map.Entry<Integer, Measurement> entry,
      boolean up) {
    while (entry != null && !entry.getValue().feasible()) {
      entry = up ? measured.higherEntry(entry.getKey()) : measured.lowerEntry(entry.getKey());
    }
    return entry;
  }
}
