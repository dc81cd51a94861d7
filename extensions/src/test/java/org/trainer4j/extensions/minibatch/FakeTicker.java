package org.trainer4j.extensions.minibatch;

import com.google.common.base.Ticker;

/** A clock that moves only when told to (and, if asked, a little at every reading). */
final class FakeTicker extends Ticker {

  private long nanos;
  private long creepNanos;

  @Override
  public long read() {
    nanos += creepNanos;
    return nanos;
  }

  /**
   * Moves the clock {@code seconds} at every reading from now on, as a real clock moves between two
   * readings however close: a decision that needs the time to stand still between them fails.
   */
  void creepPerRead(double seconds) {
    creepNanos = Math.round(seconds * 1e9);
  }

  void advance(double seconds) {
    nanos += Math.round(seconds * 1e9);
  }
}
