package org.trainer4j.extensions.minibatch;

import org.bytedeco.javacpp.Pointer;

/**
 * The host's off-heap memory as JavaCPP accounts it. JavaCPP refuses allocations when either its
 * tracked total passes {@code maxBytes} or the process's resident size passes {@code
 * maxPhysicalBytes}; this gauge reports whichever of the two pairs has less headroom.
 */
final class HostMemoryGauge implements MemoryGauge {

  @Override
  public long usedBytes() {
    return tighterPair()[0];
  }

  @Override
  public long limitBytes() {
    return tighterPair()[1];
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
