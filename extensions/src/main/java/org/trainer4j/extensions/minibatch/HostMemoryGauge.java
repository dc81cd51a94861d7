package org.trainer4j.extensions.minibatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.Pointer;

/**
 * The host's off-heap memory as JavaCPP accounts it. JavaCPP refuses allocations when either its
 * tracked total passes {@code maxBytes} or the process's resident size passes {@code
 * maxPhysicalBytes}; this gauge reports whichever of the two pairs has less headroom. When the
 * resident size is the binding pair, the peak comes from Linux's resident high-water mark ({@code
 * VmHWM}, reset through {@code /proc/self/clear_refs}), so memory freed at the end of a step still
 * counts.
 */
final class HostMemoryGauge implements MemoryGauge {

  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  /** How often {@link #reclaim} reads the resident size while the deallocator frees buffers. */
  private static final long RECLAIM_POLL_MILLIS = 50;

  /** How long {@link #reclaim} waits at least, and at most, after the collection. */
  private static final long RECLAIM_MIN_MILLIS = 200;

  private static final long RECLAIM_MAX_MILLIS = 1000;

  @Override
  public long usedBytes() {
    return tighterPair()[0];
  }

  @Override
  public long limitBytes() {
    return tighterPair()[1];
  }

  @Override
  public void resetPeak() {
    try {
      // "5" resets the peak resident set size (Linux >= 4.0); elsewhere the write fails harmlessly.
      Files.writeString(CLEAR_REFS, "5");
    } catch (IOException | RuntimeException e) {
      // No high-water mark: peakUsedBytes() falls back to the current use.
    }
  }

  /**
   * A collection, and a moment for JavaCPP's deallocator to free the off-heap buffers of the arrays
   * it found unreachable: ND4J's buffers are freed only then, so a process that ran other work
   * holds many gigabytes it no longer uses (the tune benchmark's JVM held 24 GB after its MLP and
   * CNN workloads, past the ceiling's line; one collection here brought 6 GB of dropped arrays down
   * to 0.1 GB).
   */
  @Override
  public void reclaim() {
    System.gc();
    // The deallocator frees over a few hundred milliseconds (100 ms freed half of 6 GB, 300 ms all
    // of it): wait while the resident size still falls, at least 0.2 s and at most 1 s.
    long last = Pointer.physicalBytes();
    for (long waited = 0; waited < RECLAIM_MAX_MILLIS; waited += RECLAIM_POLL_MILLIS) {
      try {
        Thread.sleep(RECLAIM_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      long now = Pointer.physicalBytes();
      if (waited >= RECLAIM_MIN_MILLIS && now > 0.99 * last) {
        return;
      }
      last = now;
    }
  }

  @Override
  public long peakUsedBytes() {
    long[] pair = tighterPair();
    if (pair[1] != Pointer.maxPhysicalBytes()) {
      return pair[0];
    }
    return Math.max(pair[0], residentHighWaterMark());
  }

  @Override
  public String describe() {
    return String.format(
        "host off-heap (JavaCPP): totalBytes %d of maxBytes %d, physicalBytes %d of"
            + " maxPhysicalBytes %d",
        Pointer.totalBytes(),
        Pointer.maxBytes(),
        Pointer.physicalBytes(),
        Pointer.maxPhysicalBytes());
  }

  private static long residentHighWaterMark() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: no high-water mark.
    }
    return -1;
  }

  private static long[] tighterPair() {
    long total = Pointer.totalBytes();
    long max = Pointer.maxBytes() > 0 ? Pointer.maxBytes() : Long.MAX_VALUE;
    long physical = Pointer.physicalBytes();
    long maxPhysical = Pointer.maxPhysicalBytes() > 0 ? Pointer.maxPhysicalBytes() : Long.MAX_VALUE;
    long headroom = max - total;
    long physicalHeadroom = maxPhysical - physical;
    return physicalHeadroom < headroom
        ? new long[] {physical, maxPhysical}
        : new long[] {total, max};
  }
}
