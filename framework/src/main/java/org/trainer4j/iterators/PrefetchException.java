package org.trainer4j.iterators;

/**
 * A batch could not be prefetched: a background worker failed (its exception is the cause) or the
 * waiting thread was interrupted. The iterator that throws it has shut its workers down.
 */
public final class PrefetchException extends RuntimeException {

  public PrefetchException(String message, Throwable cause) {
    super(message, cause);
  }
}
