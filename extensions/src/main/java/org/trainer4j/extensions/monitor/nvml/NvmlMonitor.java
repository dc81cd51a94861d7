package org.trainer4j.extensions.monitor.nvml;

import com.google.common.base.Preconditions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.extensions.monitor.DeviceMonitor;
import org.trainer4j.extensions.monitor.DeviceSample;
import org.trainer4j.extensions.monitor.MonitorException;

/**
 * Monitors one GPU through NVML. Utilization comes from {@code nvmlDeviceGetSamples} where the
 * driver supports it: the mean of the samples recorded since the previous reading, finer than the
 * one-period figure of {@code nvmlDeviceGetUtilizationRates}, which is used when there are no new
 * samples or the samples call is not supported. Memory is {@link Nvml#memoryInfo}: what processes
 * allocated, of what the driver's reserve leaves usable.
 */
public final class NvmlMonitor implements DeviceMonitor {

  private static final Logger log = LoggerFactory.getLogger(NvmlMonitor.class);

  private final Nvml nvml;
  private final int index;
  private final String name;
  private boolean useSamples = true;
  private long lastSeenMicros;
  private boolean closed;

  /**
   * A monitor of GPU {@code index} sharing {@code nvml}; it takes its own reference, so the caller
   * may close {@code nvml} while the monitor lives.
   *
   * @throws NvmlException if the device cannot be found or named
   */
  public NvmlMonitor(Nvml nvml, int index) {
    Preconditions.checkNotNull(nvml, "nvml");
    Preconditions.checkArgument(index >= 0, "GPU index must be non-negative: %s", index);
    nvml.retain();
    try {
      int count = nvml.deviceCount();
      Preconditions.checkArgument(
          index < count, "GPU index %s out of range: NVML sees %s device(s)", index, count);
      this.nvml = nvml;
      this.index = index;
      this.name = nvml.name(index);
      skipEarlierSamples();
    } catch (RuntimeException e) {
      nvml.release();
      throw e;
    }
  }

  /** Opens NVML as {@link Nvml#open()} does and monitors GPU {@code index}. */
  public static NvmlMonitor open(int index) {
    try (Nvml nvml = Nvml.open()) {
      return new NvmlMonitor(nvml, index);
    }
  }

  /** The GPU's NVML index. */
  public int index() {
    return index;
  }

  /** Whether readings come from {@code nvmlDeviceGetSamples} (else utilization rates only). */
  public synchronized boolean usesSamples() {
    return useSamples;
  }

  /** The library this monitor reads. */
  public String library() {
    return nvml.library();
  }

  @Override
  public String deviceName() {
    return name;
  }

  @Override
  public String measures() {
    return "percent of time a kernel was running on GPU "
        + index
        + " ("
        + name
        + ") since the previous reading, from NVML "
        + (usesSamples() ? "utilization samples" : "utilization rates (last sample period)")
        + "; time busy, not how much of the GPU was busy. Memory: bytes all processes allocated on"
        + " the device, of the total less the driver's reserve";
  }

  @Override
  public boolean isGpu() {
    return true;
  }

  @Override
  public synchronized DeviceSample sample() {
    if (closed) {
      throw new MonitorException("the NVML monitor of GPU " + index + " is closed");
    }
    double utilization = utilization();
    Nvml.MemoryInfo memory = nvml.memoryInfo(index);
    return new DeviceSample(utilization, memory.used(), memory.usable());
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      nvml.release();
    }
  }

  private double utilization() {
    if (useSamples) {
      try {
        List<Nvml.UtilizationSample> fresh = nvml.utilizationSamples(index, lastSeenMicros);
        if (!fresh.isEmpty()) {
          double sum = 0;
          for (Nvml.UtilizationSample s : fresh) {
            sum += s.value();
            lastSeenMicros = Math.max(lastSeenMicros, s.timeStampMicros());
          }
          return sum / fresh.size();
        }
      } catch (NvmlException e) {
        if (e.result() != NvmlReturn.ERROR_NOT_SUPPORTED) {
          throw e;
        }
        disableSamples(e);
      }
    }
    return nvml.utilizationRates(index).gpu();
  }

  // The driver keeps a buffer of past samples; those from before the monitor opened describe
  // someone else's work, so the first reading starts after them.
  private void skipEarlierSamples() {
    try {
      for (Nvml.UtilizationSample s : nvml.utilizationSamples(index, 0)) {
        lastSeenMicros = Math.max(lastSeenMicros, s.timeStampMicros());
      }
    } catch (NvmlException e) {
      if (e.result() != NvmlReturn.ERROR_NOT_SUPPORTED) {
        throw e;
      }
      disableSamples(e);
    }
  }

  private void disableSamples(NvmlException e) {
    useSamples = false;
    log.debug("GPU {}: {}; using nvmlDeviceGetUtilizationRates", index, e.getMessage());
  }
}
