package org.trainer4j.extensions.minibatch;

import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Recognises the many forms an out-of-memory failure takes in DL4J: {@link OutOfMemoryError} (Java
 * heap, or JavaCPP's "Physical memory usage is too high"), RuntimeExceptions such as "Failed to
 * allocate ..." from the native allocator, and CUDA's out-of-memory errors, anywhere in the cause
 * chain.
 */
final class OutOfMemoryDetector {

  private static final String[] MARKERS = {
    "out of memory",
    "failed to allocate",
    "cannot allocate",
    "can't allocate",
    "unable to allocate",
    "could not allocate",
    "allocation failed",
    "physical memory usage is too high",
    "memory allocation",
    "cudaerrormemoryallocation",
    "cuda_error_out_of_memory",
    "outofmemory"
  };

  private OutOfMemoryDetector() {}

  /** True if {@code error} or one of its causes is an out-of-memory failure. */
  static boolean isOutOfMemory(Throwable error) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = error; t != null && seen.put(t, true) == null; t = t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        return true;
      }
      String message = t.getMessage();
      if (message != null) {
        String lower = message.toLowerCase(Locale.ROOT);
        for (String marker : MARKERS) {
          if (lower.contains(marker)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** A one-line description of {@code error} for the trace. */
  static String describe(Throwable error) {
    String text = error.getClass().getSimpleName() + ": " + error.getMessage();
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
