package org.trainer4j.extensions.monitor.nvml;

import org.trainer4j.extensions.monitor.MonitorException;

/**
 * An NVML call returned something other than {@code NVML_SUCCESS}, or the library could not be
 * loaded ({@code NVML_ERROR_LIBRARY_NOT_FOUND}) or lacks a function ({@code
 * NVML_ERROR_FUNCTION_NOT_FOUND}). Carries the code's name and the function that returned it.
 */
public final class NvmlException extends MonitorException {

  private final NvmlReturn result;
  private final int code;
  private final String function;

  NvmlException(String function, int code, String detail) {
    super(message(function, code, detail));
    this.result = NvmlReturn.of(code);
    this.code = code;
    this.function = function;
  }

  NvmlException(String function, NvmlReturn result, String detail, Throwable cause) {
    super(message(function, result.code(), detail), cause);
    this.result = result;
    this.code = result.code();
    this.function = function;
  }

  /** The return code as a constant ({@link NvmlReturn#UNRECOGNIZED} for unknown numbers). */
  public NvmlReturn result() {
    return result;
  }

  /** The numeric return code. */
  public int code() {
    return code;
  }

  /** The code's name as in the NVML header, e.g. {@code NVML_ERROR_GPU_IS_LOST}. */
  public String codeName() {
    return result == NvmlReturn.UNRECOGNIZED ? "NVML return code " + code : result.nvmlName();
  }

  /** The NVML function that returned the code, e.g. {@code nvmlDeviceGetUtilizationRates}. */
  public String function() {
    return function;
  }

  private static String message(String function, int code, String detail) {
    NvmlReturn r = NvmlReturn.of(code);
    String name = r == NvmlReturn.UNRECOGNIZED ? "NVML return code " + code : r.nvmlName();
    return function
        + " returned "
        + name
        + (detail == null || detail.isEmpty() ? "" : ": " + detail);
  }
}
