package org.trainer4j.extensions.util;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.serialization.Serializer;

/**
 * Serializes maps and lists keyed by observation names ({@code main/loss}), which cannot be state
 * keys themselves because state keys must not contain a slash. Keys are stored as indexed strings
 * next to a {@code double[]} of values, so every value round-trips exactly.
 */
public final class StateMaps {

  private static final Logger log = LoggerFactory.getLogger(StateMaps.class);

  private StateMaps() {}

  /** Saves {@code map} or returns the loaded map (insertion order kept). */
  public static Map<String, Double> serialize(Serializer s, Map<String, Double> map) {
    Preconditions.checkNotNull(map, "map");
    if (s.isLoading() && !s.contains("values")) {
      return missing(s, map);
    }
    List<String> keys = serializeKeys(s.child("keys"), new ArrayList<>(map.keySet()));
    double[] values = new double[map.size()];
    int i = 0;
    for (double v : map.values()) {
      values[i++] = v;
    }
    values = s.serializeDoubleArray("values", values);
    if (!s.isLoading()) {
      return map;
    }
    Preconditions.checkState(
        values != null && values.length == keys.size(),
        "state at %s has %s keys but %s values",
        s.path(),
        keys.size(),
        values == null ? 0 : values.length);
    Map<String, Double> loaded = new LinkedHashMap<>();
    for (int k = 0; k < keys.size(); k++) {
      loaded.put(keys.get(k), values[k]);
    }
    return loaded;
  }

  /** Saves {@code list} of maps or returns the loaded list. */
  public static List<Map<String, Double>> serializeList(
      Serializer s, List<Map<String, Double>> list) {
    Preconditions.checkNotNull(list, "list");
    if (s.isLoading() && !s.contains("size")) {
      return missing(s, list);
    }
    int size = s.serializeInt("size", list.size());
    if (!s.isLoading()) {
      for (int i = 0; i < list.size(); i++) {
        serialize(s.child(Integer.toString(i)), list.get(i));
      }
      return list;
    }
    List<Map<String, Double>> loaded = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      loaded.add(serialize(s.child(Integer.toString(i)), new LinkedHashMap<>()));
    }
    return loaded;
  }

  /** Saves {@code keys} or returns the loaded keys. */
  public static List<String> serializeKeys(Serializer s, List<String> keys) {
    Preconditions.checkNotNull(keys, "keys");
    if (s.isLoading() && !s.contains("size")) {
      return missing(s, keys);
    }
    int size = s.serializeInt("size", keys.size());
    List<String> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      String key = s.serializeString(Integer.toString(i), s.isLoading() ? null : keys.get(i));
      Preconditions.checkState(key != null, "state at %s/%s holds no key", s.path(), i);
      out.add(key);
    }
    return s.isLoading() ? out : keys;
  }

  private static <T> T missing(Serializer s, T current) {
    log.warn("state has no {}; keeping the current value", s.path());
    return current;
  }
}
