package org.trainer4j.parallel;

/**
 * Thrown to a member waiting in a collective when the job was aborted: a member failed, or one did
 * not arrive within the timeout. The cause is the reason for the abort (the failing member's
 * exception, or a {@link java.util.concurrent.TimeoutException} naming the late members).
 */
public final class CollectiveAbortedException extends RuntimeException {

  CollectiveAbortedException(String message, Throwable cause) {
    super(message, cause);
  }
}
