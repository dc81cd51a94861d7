package org.trainer4j.training;

import com.google.common.base.Preconditions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects the scalar observations of one iteration, keyed {@code observer/name} (e.g. {@code
 * main/loss}). The trainer points it at a fresh map each iteration; reports made outside a
 * trainer's iteration go to a map nobody reads.
 */
public final class Reporter {

  private Map<String, Double> target = new LinkedHashMap<>();

  /** Records {@code value} under {@code observer + "/" + name}. */
  public void report(String observer, String name, double value) {
    Preconditions.checkNotNull(observer, "observer");
    report(observer + "/" + name, value);
  }

  /** Records {@code value} under the full key {@code key}. */
  public void report(String key, double value) {
    Preconditions.checkNotNull(key, "key");
    target.put(key, value);
  }

  /** Records every entry of {@code values} under its key prefixed by {@code observer/}. */
  public void report(String observer, Map<String, Double> values) {
    values.forEach((k, v) -> report(observer, k, v));
  }

  /** Directs following reports into {@code observation}. */
  void scope(Map<String, Double> observation) {
    this.target = Preconditions.checkNotNull(observation, "observation");
  }
}
