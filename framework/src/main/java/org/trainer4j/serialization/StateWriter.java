package org.trainer4j.serialization;

import com.google.common.base.Preconditions;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The saving side of {@link Serializer}: records every value into a {@link StateTree}. */
public final class StateWriter implements Serializer {

  private final StateTree node;
  private final String path;

  /** A writer into {@code root}. */
  public StateWriter(StateTree root) {
    this(root, "");
  }

  private StateWriter(StateTree node, String path) {
    this.node = Preconditions.checkNotNull(node, "node");
    this.path = path;
  }

  @Override
  public Serializer child(String name) {
    return new StateWriter(node.childOrCreate(name), path + "/" + name);
  }

  @Override
  public boolean isLoading() {
    return false;
  }

  @Override
  public String path() {
    return path.isEmpty() ? "/" : path;
  }

  @Override
  public boolean contains(String key) {
    return true;
  }

  @Override
  public int serializeInt(String key, int value) {
    node.put(key, (long) value);
    return value;
  }

  @Override
  public long serializeLong(String key, long value) {
    node.put(key, value);
    return value;
  }

  @Override
  public double serializeDouble(String key, double value) {
    node.put(key, value);
    return value;
  }

  @Override
  public boolean serializeBoolean(String key, boolean value) {
    node.put(key, value);
    return value;
  }

  @Override
  public String serializeString(String key, String value) {
    node.put(key, value);
    return value;
  }

  @Override
  public Double serializeNullableDouble(String key, Double value) {
    node.put(key, value);
    return value;
  }

  @Override
  public int[] serializeIntArray(String key, int[] value) {
    node.put(key, value == null ? null : value.clone());
    return value;
  }

  @Override
  public double[] serializeDoubleArray(String key, double[] value) {
    node.put(key, value == null ? null : value.clone());
    return value;
  }

  @Override
  public INDArray serializeArray(String key, INDArray value) {
    node.put(key, value == null ? null : value.dup());
    return value;
  }

  @Override
  public byte[] serializeBytes(String key, byte[] value) {
    node.put(key, value == null ? null : value.clone());
    return value;
  }
}
