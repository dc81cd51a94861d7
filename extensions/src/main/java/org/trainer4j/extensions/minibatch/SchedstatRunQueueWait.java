package org.trainer4j.extensions.minibatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RunQueueWait} from Linux's per-thread scheduler statistics: {@code schedstat} holds three
 * numbers, time on a CPU, time waiting on a run queue (both in nanoseconds) and time slices; the
 * second is the wait. {@code /proc/thread-self} names whichever thread reads it, so one instance
 * serves every thread.
 */
final class SchedstatRunQueueWait implements RunQueueWait {

  private static final Logger log = LoggerFactory.getLogger(SchedstatRunQueueWait.class);

  static final Path THREAD_SELF = Path.of("/proc/thread-self/schedstat");

  private final Path file;

  private SchedstatRunQueueWait(Path file) {
    this.file = file;
  }

  /**
   * A reader of {@code file}, or {@link RunQueueWait#NONE} when it cannot be read or parsed (not
   * Linux, a kernel without scheduler statistics): step times are then wall-clock times.
   */
  static RunQueueWait openOrNone(Path file) {
    try {
      parse(file);
      return new SchedstatRunQueueWait(file);
    } catch (IOException | RuntimeException e) {
      log.debug(
          "no run-queue wait from {} ({}): probes are timed by wall clock", file, e.toString());
      return NONE;
    }
  }

  @Override
  public long nanos() {
    try {
      return parse(file);
    } catch (IOException e) {
      // Readable when opened: a failure now is the file system's, not a wait to guess.
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  private static long parse(Path file) throws IOException {
    String[] fields = Files.readString(file, StandardCharsets.US_ASCII).trim().split("\\s+");
    if (fields.length < 2) {
      throw new IllegalArgumentException(
          file + " holds " + fields.length + " field(s), expected at least 2");
    }
    return Long.parseLong(fields[1]);
  }
}
