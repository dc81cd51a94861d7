package org.trainer4j.serialization;

import com.google.common.base.Preconditions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The saved state of a trainer (or any component) as a tree: each node maps keys to scalars,
 * strings, arrays ({@code int[]}, {@code double[]}, ND4J arrays), binary blobs or child nodes.
 * Snapshot writers turn it into files; {@link StateWriter} fills it and {@link StateReader} reads it.
 */
public final class StateTree {

  /** Version of the state layout; bump when a key changes meaning. */
  public static final int FORMAT_VERSION = 1;

  private final Map<String, Object> values = new LinkedHashMap<>();

  /** An unmodifiable view of this node's entries in insertion order. */
  public Map<String, Object> entries() {
    return Collections.unmodifiableMap(values);
  }

  /** The value stored at {@code key} (a scalar, array, blob or {@code StateTree}), or null. */
  public Object get(String key) {
    return values.get(key);
  }

  /** Stores {@code value} at {@code key}, replacing what was there. */
  public void put(String key, Object value) {
    Preconditions.checkNotNull(key, "key");
    Preconditions.checkArgument(!key.isEmpty() && !key.contains("/"), "invalid key: '%s'", key);
    values.put(key, value);
  }

  /** The child node {@code name}, created empty if absent. */
  public StateTree childOrCreate(String name) {
    Object existing = values.get(name);
    if (existing instanceof StateTree tree) {
      return tree;
    }
    Preconditions.checkState(existing == null, "'%s' holds a value, not a child", name);
    StateTree child = new StateTree();
    put(name, child);
    return child;
  }

  /** The child node {@code name}, or null if absent. */
  public StateTree child(String name) {
    return values.get(name) instanceof StateTree tree ? tree : null;
  }
}
