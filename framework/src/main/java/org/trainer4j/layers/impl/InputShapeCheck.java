package org.trainer4j.layers.impl;

/**
 * A layer configuration that refuses, with a message naming the layer and the shape, an input its
 * runtime cannot take. {@link GainCorrectedSameDiffLayer} calls it before every forward pass, since
 * SameDiff's own errors ("Op matmul ... failed to execute") name neither. An interface here, not a
 * method of the configuration's base class, so that this package does not depend on that one.
 */
public interface InputShapeCheck {

  /** Throws {@link IllegalArgumentException} if the layer cannot take input of {@code shape}. */
  void checkInputShape(long[] shape);
}
