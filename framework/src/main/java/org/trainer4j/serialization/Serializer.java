package org.trainer4j.serialization;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One symmetric walk for saving and loading state, as Chainer's {@code serialize(serializer)}.
 * Every component writes {@code x = s.serializeInt("x", x)}: when saving, the call records the
 * value and returns it; when loading, it returns the stored value, or logs a warning and returns
 * the current value if the key is missing. Hierarchy comes from {@link #child(String)}.
 */
public interface Serializer {

  /** A serializer for the sub-tree {@code name}, e.g. {@code s.child("updater")}. */
  Serializer child(String name);

  /** True when this walk loads state, false when it saves it. */
  boolean isLoading();

  /** Slash-separated path of this node from the root, for messages. */
  String path();

  /** True if a value or a child named {@code key} exists (always true when saving). */
  boolean contains(String key);

  int serializeInt(String key, int value);

  long serializeLong(String key, long value);

  double serializeDouble(String key, double value);

  boolean serializeBoolean(String key, boolean value);

  /** A string that may be null. */
  String serializeString(String key, String value);

  /** A double that may be null (e.g. Chainer's {@code previous_epoch_detail}). */
  Double serializeNullableDouble(String key, Double value);

  /** An int array that may be null. */
  int[] serializeIntArray(String key, int[] value);

  double[] serializeDoubleArray(String key, double[] value);

  /** An ND4J array that may be null; loading returns a new array. */
  INDArray serializeArray(String key, INDArray value);

  /** An opaque binary blob, e.g. a model written by DL4J's own serializer. */
  byte[] serializeBytes(String key, byte[] value);
}
