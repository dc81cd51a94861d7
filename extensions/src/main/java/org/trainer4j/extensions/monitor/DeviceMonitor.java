package org.trainer4j.extensions.monitor;

/**
 * A source of utilization readings for one device: a GPU through NVML, or the host CPU through
 * OSHI. Implementations are thread-safe: a sampler thread reads while training runs.
 */
public interface DeviceMonitor extends AutoCloseable {

  /** The device's name, e.g. "NVIDIA H100 80GB HBM3" or the CPU model. */
  String deviceName();

  /** What the utilization figure means, in words, for logs and result files. */
  String measures();

  /** True for a GPU monitor, false for a host CPU monitor. */
  boolean isGpu();

  /**
   * Reads the device now.
   *
   * @throws MonitorException if the device cannot be read (lost, unsupported, ...)
   */
  DeviceSample sample();

  /** Releases the library handle; further samples fail. */
  @Override
  void close();
}
