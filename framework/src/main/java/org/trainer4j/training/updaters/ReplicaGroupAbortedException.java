package org.trainer4j.training.updaters;

/**
 * Thrown to a replica waiting in a {@link ReplicaGroup} collective when the group was aborted: a
 * replica failed, or one did not arrive within the timeout. The cause is the reason for the abort
 * (the failing replica's exception, or a {@link java.util.concurrent.TimeoutException}).
 */
public final class ReplicaGroupAbortedException extends RuntimeException {

  ReplicaGroupAbortedException(String message, Throwable cause) {
    super(message, cause);
  }
}
