package org.trainer4j.extensions.minibatch;

import com.google.common.base.Ticker;

/** A clock that moves only when told to. */
final class FakeTicker extends Ticker {

  private long nanos;

  @Override
  public long read() {
    return nanos;
  }

  void advance(double seconds) {
    nanos += Math.round(seconds * 1e9);
  }
}
