package org.trainer4j.serialization;

import com.google.common.base.Preconditions;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loading side of {@link Serializer}: returns values from a {@link StateTree}. A missing key
 * logs a warning and returns the caller's current value, so older snapshots still load; a value of
 * the wrong type is an error naming its path.
 */
public final class StateReader implements Serializer {

  private static final Logger log = LoggerFactory.getLogger(StateReader.class);
  private static final StateTree EMPTY = new StateTree();

  private final StateTree node;
  private final String path;

  /** A reader over {@code root}. */
  public StateReader(StateTree root) {
    this(root, "");
  }

  private StateReader(StateTree node, String path) {
    this.node = Preconditions.checkNotNull(node, "node");
    this.path = path;
  }

  @Override
  public Serializer child(String name) {
    StateTree child = node.child(name);
    if (child == null) {
      log.warn("state has no '{}/{}'; its values keep their current settings", path, name);
      child = EMPTY;
    }
    return new StateReader(child, path + "/" + name);
  }

  @Override
  public boolean isLoading() {
    return true;
  }

  @Override
  public String path() {
    return path.isEmpty() ? "/" : path;
  }

  @Override
  public boolean contains(String key) {
    return node.entries().containsKey(key);
  }

  @Override
  public int serializeInt(String key, int value) {
    if (!contains(key)) {
      return missing(key, value);
    }
    Long v = read(key, Long.class);
    if (v == null) {
      return value;
    }
    // Values are stored as longs; one written elsewhere, or by a build that kept a long here, may
    // not fit, and a bare overflow would not say which of the snapshot's values it was.
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new IllegalStateException(
          String.format("state value '%s/%s' is %s, which does not fit an int", path, key, v));
    }
    return v.intValue();
  }

  @Override
  public long serializeLong(String key, long value) {
    if (!contains(key)) {
      return missing(key, value);
    }
    Long v = read(key, Long.class);
    return v == null ? value : v;
  }

  @Override
  public double serializeDouble(String key, double value) {
    if (!contains(key)) {
      return missing(key, value);
    }
    if (node.get(key) instanceof Long l) {
      return l;
    }
    Double v = read(key, Double.class);
    return v == null ? value : v;
  }

  @Override
  public boolean serializeBoolean(String key, boolean value) {
    if (!contains(key)) {
      return missing(key, value);
    }
    Boolean v = read(key, Boolean.class);
    return v == null ? value : v;
  }

  @Override
  public String serializeString(String key, String value) {
    return contains(key) ? read(key, String.class) : missing(key, value);
  }

  @Override
  public Double serializeNullableDouble(String key, Double value) {
    if (!contains(key)) {
      return missing(key, value);
    }
    Object raw = node.get(key);
    return raw instanceof Long l ? Double.valueOf(l) : read(key, Double.class);
  }

  @Override
  public int[] serializeIntArray(String key, int[] value) {
    if (!contains(key)) {
      return missing(key, value);
    }
    int[] v = read(key, int[].class);
    return v == null ? null : v.clone();
  }

  @Override
  public double[] serializeDoubleArray(String key, double[] value) {
    if (!contains(key)) {
      return missing(key, value);
    }
    double[] v = read(key, double[].class);
    return v == null ? null : v.clone();
  }

  @Override
  public INDArray serializeArray(String key, INDArray value) {
    if (!contains(key)) {
      return missing(key, value);
    }
    INDArray v = read(key, INDArray.class);
    return v == null ? null : v.dup();
  }

  @Override
  public byte[] serializeBytes(String key, byte[] value) {
    if (!contains(key)) {
      return missing(key, value);
    }
    byte[] v = read(key, byte[].class);
    return v == null ? null : v.clone();
  }

  private <T> T read(String key, Class<T> type) {
    Object raw = node.get(key);
    if (raw == null) {
      return null;
    }
    if (!type.isInstance(raw)) {
      throw new IllegalStateException(
          String.format(
              "state value '%s/%s' is a %s, expected a %s",
              path, key, raw.getClass().getSimpleName(), type.getSimpleName()));
    }
    return type.cast(raw);
  }

  private <T> T missing(String key, T fallback) {
    log.warn("state has no '{}/{}'; keeping the current value {}", path, key, fallback);
    return fallback;
  }
}
