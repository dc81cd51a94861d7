package org.trainer4j.extensions.monitor;

import java.time.Duration;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Monitors the host through OSHI, for the CPU backend. Its utilization is this JVM process's CPU
 * time since the previous reading, as a percent of all logical processors (100 % means every
 * logical CPU ran this process the whole time); {@link #sampleHost()} adds the whole system's CPU
 * load and memory. Thread-safe.
 */
public final class HostCpuMonitor implements DeviceMonitor {

  // The kernel counts CPU time in 10 ms ticks; readings closer together than this are mostly
  // rounding, so a reading that soon after the previous one repeats it.
  private static final long MIN_GAP_NANOS = Duration.ofMillis(50).toNanos();

  private final CentralProcessor processor;
  private final GlobalMemory memory;
  private final OperatingSystem os;
  private final int pid;
  private final int logicalProcessors;
  private final String name;
  private OSProcess priorProcess;
  private long[] priorTicks;
  private long priorNanos;
  private HostSample last;
  private boolean closed;

  public HostCpuMonitor() {
    SystemInfo system = new SystemInfo();
    this.processor = system.getHardware().getProcessor();
    this.memory = system.getHardware().getMemory();
    this.os = system.getOperatingSystem();
    this.pid = os.getProcessId();
    this.logicalProcessors = Math.max(1, processor.getLogicalProcessorCount());
    this.name =
        processor.getProcessorIdentifier().getName().strip()
            + " ("
            + logicalProcessors
            + " logical CPUs)";
    this.priorProcess = currentProcess();
    this.priorTicks = processor.getSystemCpuLoadTicks();
    this.priorNanos = System.nanoTime();
  }

  @Override
  public String deviceName() {
    return name;
  }

  @Override
  public String measures() {
    return "CPU time of this process (pid "
        + pid
        + ") since the previous reading, as a percent of all "
        + logicalProcessors
        + " logical CPUs of the host (OSHI), so 100 % means every logical CPU ran this process;"
        + " under a CPU quota the ceiling is lower. Memory: this process's resident set of the"
        + " host's total";
  }

  @Override
  public boolean isGpu() {
    return false;
  }

  @Override
  public DeviceSample sample() {
    HostSample h = sampleHost();
    return new DeviceSample(h.processCpu(), h.processMemory(), h.memoryTotal());
  }

  /** Reads this process's and the system's CPU load and memory now. */
  public synchronized HostSample sampleHost() {
    if (closed) {
      throw new MonitorException("the host CPU monitor is closed");
    }
    long now = System.nanoTime();
    if (last != null && now - priorNanos < MIN_GAP_NANOS) {
      return last;
    }
    OSProcess process = currentProcess();
    double processLoad = process.getProcessCpuLoadBetweenTicks(priorProcess) / logicalProcessors;
    double systemLoad = processor.getSystemCpuLoadBetweenTicks(priorTicks);
    priorProcess = process;
    priorTicks = processor.getSystemCpuLoadTicks();
    priorNanos = now;
    long total = memory.getTotal();
    last =
        new HostSample(
            percent(processLoad),
            percent(systemLoad),
            process.getResidentSetSize(),
            total - memory.getAvailable(),
            total);
    return last;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private OSProcess currentProcess() {
    OSProcess process = os.getProcess(pid);
    if (process == null) {
      throw new MonitorException("OSHI cannot read process " + pid + " of this JVM");
    }
    return process;
  }

  private static double percent(double fraction) {
    return Double.isFinite(fraction) ? Math.min(100.0, Math.max(0.0, fraction * 100.0)) : 0.0;
  }

  /**
   * One reading of the host.
   *
   * @param processCpu this process's CPU load, percent of all logical CPUs
   * @param systemCpu the whole system's CPU load, percent
   * @param processMemory this process's resident set, bytes
   * @param memoryUsed the system's memory in use (total minus available), bytes
   * @param memoryTotal the system's physical memory, bytes
   */
  public record HostSample(
      double processCpu, double systemCpu, long processMemory, long memoryUsed, long memoryTotal) {}
}
