package org.trainer4j.extensions.minibatch;

import org.trainer4j.extensions.monitor.DeviceMonitor;
import org.trainer4j.extensions.monitor.DeviceMonitors;

/**
 * Reads how much memory training uses and how much it may use, so the search can refuse sizes whose
 * predicted footprint would cross the limit. Implementations exist for the host (JavaCPP's off-heap
 * accounting, which is what the CPU backend allocates through) and for a device monitor (NVML's
 * memory figures on a GPU).
 */
public interface MemoryGauge {

  /** Bytes in use now. */
  long usedBytes();

  /**
   * Forgets the high-water mark, so that {@link #peakUsedBytes()} reports the peak of what runs
   * next. Gauges that keep no high-water mark ignore it.
   */
  default void resetPeak() {}

  /**
   * The highest use since {@link #resetPeak()}: what a probe needed at its peak, not what it left
   * allocated. Gauges without a high-water mark report {@link #usedBytes()}.
   */
  default long peakUsedBytes() {
    return usedBytes();
  }

  /**
   * Frees what the process holds but no longer uses, where the gauge can, before {@link
   * #usedBytes()} is read again; nothing by default.
   */
  default void reclaim() {}

  /** Bytes that may be used in total; {@link Long#MAX_VALUE} when there is no known limit. */
  long limitBytes();

  /** What is measured, for logs and result files. */
  String describe();

  /** JavaCPP's off-heap limits of this process (CPU backend). */
  static MemoryGauge host() {
    return new HostMemoryGauge();
  }

  /** The memory figures of {@code monitor}'s device (GPU memory through NVML). */
  static MemoryGauge device(DeviceMonitor monitor) {
    return new DeviceMemoryGauge(monitor);
  }

  /**
   * The gauge for where ND4J trains: {@code monitor}'s GPU memory (NVML) only when ND4J runs on
   * CUDA and the monitor is a GPU's, else the host's.
   */
  static MemoryGauge forBackend(DeviceMonitor monitor) {
    return DeviceMonitors.ndCudaBackend() && monitor.isGpu() ? device(monitor) : host();
  }

  /** No limit: sizes are bounded only by the other bounds and by out-of-memory failures. */
  static MemoryGauge unbounded() {
    return new MemoryGauge() {
      @Override
      public long usedBytes() {
        return 0;
      }

      @Override
      public long limitBytes() {
        return Long.MAX_VALUE;
      }

      @Override
      public String describe() {
        return "no memory limit";
      }
    };
  }
}
