package org.trainer4j.datasets;

import com.google.common.base.Preconditions;

/**
 * A dataset that passes every call to another one; decorators extend it and override what they
 * change (usually {@link #get} and {@link #describe}), in the manner of Guava's forwarding
 * collections.
 */
public abstract class ForwardingDataset implements Dataset {

  private final Dataset delegate;

  protected ForwardingDataset(Dataset delegate) {
    this.delegate = Preconditions.checkNotNull(delegate, "delegate");
  }

  /** The dataset calls are passed to. */
  protected final Dataset delegate() {
    return delegate;
  }

  @Override
  public int size() {
    return delegate.size();
  }

  @Override
  public long[] exampleShape() {
    return delegate.exampleShape();
  }

  @Override
  public int labelWidth() {
    return delegate.labelWidth();
  }

  @Override
  public Batch get(int[] indices) {
    return delegate.get(indices);
  }

  /**
   * Calls {@link #get(int[])}, dropping the epochs, so that a decorator that overrides only that
   * method still applies its change; decorators that keep the epochs override this as well.
   */
  @Override
  public Batch get(int[] indices, int[] epochs) {
    return get(indices);
  }

  @Override
  public String describe() {
    return delegate.describe();
  }
}
