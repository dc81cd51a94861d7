package org.trainer4j.extensions.monitor;

import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.extensions.monitor.nvml.Nvml;
import org.trainer4j.extensions.monitor.nvml.NvmlMonitor;

/**
 * Chooses a monitor for this machine: NVML on GPU 0 when ND4J runs on its CUDA backend and the NVML
 * library loads, sees a device and can read it; otherwise the host CPU through OSHI. Training on
 * the CPU backend of a host that also has an NVIDIA GPU is monitored on the CPU, because that is
 * where it runs. The choice never fails, so code that monitors runs unchanged on machines without a
 * GPU.
 */
public final class DeviceMonitors {

  private static final Logger log = LoggerFactory.getLogger(DeviceMonitors.class);

  private DeviceMonitors() {}

  /**
   * The best monitor available, loading NVML as {@link Nvml#open()} does (system property {@value
   * Nvml#LIBRARY_PROPERTY}, else the default library names). Logs one line saying which and why.
   */
  public static DeviceMonitor auto() {
    return auto(null);
  }

  /** As {@link #auto()}, loading NVML from {@code nvmlLibrary} when it is not null. */
  public static DeviceMonitor auto(String nvmlLibrary) {
    MonitorChoice choice = choose(nvmlLibrary, ndCudaBackend());
    log.info("device monitor: {}", choice.reason());
    return choice.monitor();
  }

  /** Whether ND4J executes on its CUDA backend (its executioner or backend class says so). */
  public static boolean ndCudaBackend() {
    try {
      String names =
          Nd4j.getBackend().getClass().getName() + " " + Nd4j.getExecutioner().getClass().getName();
      return names.toLowerCase(Locale.ROOT).contains("cuda");
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * Chooses without logging, for the backend ND4J runs on. {@code nvmlLibrary} null means the
   * system property or the defaults.
   */
  public static MonitorChoice choose(String nvmlLibrary) {
    return choose(nvmlLibrary, ndCudaBackend());
  }

  /**
   * Chooses without logging: NVML only if {@code cudaBackend}, since a GPU that training does not
   * use would read about 0 %.
   */
  public static MonitorChoice choose(String nvmlLibrary, boolean cudaBackend) {
    if (!cudaBackend) {
      HostCpuMonitor host = new HostCpuMonitor();
      return new MonitorChoice(
          host,
          "host CPU via OSHI ("
              + host.deviceName()
              + ") because ND4J runs on its CPU backend, not CUDA");
    }
    String library = nvmlLibrary != null ? nvmlLibrary : System.getProperty(Nvml.LIBRARY_PROPERTY);
    String why;
    try (Nvml nvml = Nvml.open(library)) {
      int count = nvml.deviceCount();
      if (count == 0) {
        why = "NVML (" + nvml.library() + ") sees no GPU";
      } else {
        NvmlMonitor monitor = new NvmlMonitor(nvml, 0);
        try {
          monitor.sample();
          return new MonitorChoice(
              monitor,
              "NVML on GPU 0 of "
                  + count
                  + " ("
                  + monitor.deviceName()
                  + ", "
                  + (monitor.usesSamples() ? "utilization samples" : "utilization rates")
                  + ", library "
                  + nvml.library()
                  + ")");
        } catch (MonitorException e) {
          monitor.close();
          why = "NVML sees " + monitor.deviceName() + " but cannot read it: " + e.getMessage();
        }
      }
    } catch (MonitorException e) {
      why = "NVML unavailable: " + e.getMessage();
    }
    HostCpuMonitor host = new HostCpuMonitor();
    return new MonitorChoice(host, "host CPU via OSHI (" + host.deviceName() + ") because " + why);
  }
}
