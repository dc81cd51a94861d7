package org.trainer4j.extensions.report;

import com.google.common.base.Preconditions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.trainer4j.extensions.util.StateMaps;
import org.trainer4j.serialization.Serializer;

/**
 * Running per-key means of observations, Chainer's {@code DictSummary}: each key averages over the
 * iterations in which it was observed. Serialized, so an interval interrupted by a snapshot
 * continues where it stopped.
 */
public final class Summary {

  private Map<String, Double> sums = new LinkedHashMap<>();
  private Map<String, Double> counts = new LinkedHashMap<>();

  /** Adds one observation of each entry of {@code values}. */
  public void add(Map<String, Double> values) {
    Preconditions.checkNotNull(values, "values");
    values.forEach(this::add);
  }

  /** Adds one observation of {@code key}. */
  public void add(String key, double value) {
    sums.merge(key, value, Double::sum);
    counts.merge(key, 1.0, Double::sum);
  }

  /** Adds the entries of {@code values} whose keys are in {@code keys} (all if null). */
  public void add(Map<String, Double> values, List<String> keys) {
    if (keys == null) {
      add(values);
      return;
    }
    for (String key : keys) {
      Double v = values.get(key);
      if (v != null) {
        add(key, v);
      }
    }
  }

  /** The mean of each key observed since the last reset, in first-observed order. */
  public Map<String, Double> means() {
    Map<String, Double> out = new LinkedHashMap<>();
    sums.forEach((k, sum) -> out.put(k, sum / counts.get(k)));
    return out;
  }

  /** True if nothing was observed since the last reset. */
  public boolean isEmpty() {
    return sums.isEmpty();
  }

  public void reset() {
    sums = new LinkedHashMap<>();
    counts = new LinkedHashMap<>();
  }

  /** Saves or loads the sums and counts. */
  public void serialize(Serializer s) {
    sums = StateMaps.serialize(s.child("sums"), sums);
    counts = StateMaps.serialize(s.child("counts"), counts);
    Preconditions.checkState(
        sums.keySet().equals(counts.keySet()),
        "state at %s: summary sums and counts have different keys",
        s.path());
  }
}
