package org.trainer4j.extensions.util;

/**
 * Training diverged: a loss or a parameter became NaN or infinite. The message names the iteration
 * and the first non-finite value found.
 */
public class NonFiniteValueException extends RuntimeException {

  public NonFiniteValueException(String message) {
    super(message);
  }
}
