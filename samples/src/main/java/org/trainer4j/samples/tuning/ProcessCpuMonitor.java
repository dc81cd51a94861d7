package org.trainer4j.samples.tuning;

import org.trainer4j.extensions.monitor.DeviceMonitor;
import org.trainer4j.extensions.monitor.DeviceSample;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * This process's CPU utilization (all threads, divided by the logical CPUs) through OSHI: what
 * GpuUsageMaximize drives on a machine without a GPU. A stand-in for the benchmark until the
 * monitoring module's automatic monitor selection is available.
 */
final class ProcessCpuMonitor implements DeviceMonitor {

  private final OperatingSystem os;
  private final int pid;
  private final int logicalCpus;
  private final long totalMemory;
  private final String name;
  private OSProcess previous;

  ProcessCpuMonitor() {
    SystemInfo info = new SystemInfo();
    this.os = info.getOperatingSystem();
    this.pid = os.getProcessId();
    this.logicalCpus = info.getHardware().getProcessor().getLogicalProcessorCount();
    this.totalMemory = info.getHardware().getMemory().getTotal();
    this.name = info.getHardware().getProcessor().getProcessorIdentifier().getName().trim();
    this.previous = os.getProcess(pid);
  }

  @Override
  public String deviceName() {
    return name + " (" + logicalCpus + " logical CPUs)";
  }

  @Override
  public String measures() {
    return "this process's CPU time per wall second over all logical CPUs, in percent";
  }

  @Override
  public boolean isGpu() {
    return false;
  }

  @Override
  public synchronized DeviceSample sample() {
    OSProcess now = os.getProcess(pid);
    double load = now.getProcessCpuLoadBetweenTicks(previous) / logicalCpus;
    previous = now;
    return new DeviceSample(
        Math.max(0, Math.min(100, 100 * load)), now.getResidentSetSize(), totalMemory);
  }

  @Override
  public void close() {}
}
