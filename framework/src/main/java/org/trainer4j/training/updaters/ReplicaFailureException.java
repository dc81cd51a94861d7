package org.trainer4j.training.updaters;

/**
 * A data-parallel training step failed in one replica. The cause is that replica's own exception
 * (or a {@link java.util.concurrent.TimeoutException} naming the replicas that never arrived);
 * {@link #rank()} tells which replica, -1 when the step timed out without a single culprit.
 */
public final class ReplicaFailureException extends RuntimeException {

  private final int rank;

  ReplicaFailureException(int rank, long iteration, Throwable cause) {
    super(
        String.format(
            "%s in step %d: %s",
            rank >= 0 ? "replica " + rank + " failed" : "replicas timed out", iteration, cause),
        cause);
    this.rank = rank;
  }

  /** The failing replica, or -1 if the step timed out without a failing replica. */
  public int rank() {
    return rank;
  }
}
