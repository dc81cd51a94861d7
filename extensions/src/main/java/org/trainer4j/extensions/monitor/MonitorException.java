package org.trainer4j.extensions.monitor;

/** A device could not be read; the message names the device, call and cause. */
public class MonitorException extends RuntimeException {

  public MonitorException(String message) {
    super(message);
  }

  public MonitorException(String message, Throwable cause) {
    super(message, cause);
  }
}
