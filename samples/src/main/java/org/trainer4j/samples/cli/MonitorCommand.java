package org.trainer4j.samples.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.trainer4j.extensions.monitor.DeviceMonitor;
import org.trainer4j.extensions.monitor.DeviceMonitors;
import org.trainer4j.extensions.monitor.DeviceSample;
import org.trainer4j.extensions.monitor.HostCpuMonitor;
import org.trainer4j.extensions.monitor.MonitorChoice;
import org.trainer4j.extensions.monitor.UtilizationSampler;
import org.trainer4j.extensions.monitor.UtilizationStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Samples the monitor {@link DeviceMonitors} chooses for a few seconds and prints the choice, what
 * it measures and the statistics. By default a CPU workload runs for the first half of the window
 * and the second half is idle, so the mean and the top-50 % mean visibly differ.
 */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description =
        "Samples device utilization (NVML on a GPU, else this process's CPU via OSHI) and prints"
            + " the statistics.")
public final class MonitorCommand implements Runnable {

  /** What runs while sampling. */
  enum Workload {
    none,
    cpu
  }

  @Spec CommandSpec spec;

  @Option(names = "--seconds", defaultValue = "5", description = "How long to sample (default 5).")
  double seconds;

  @Option(
      names = "--interval-ms",
      defaultValue = "1000",
      description = "Sampling interval in milliseconds, at least 100 (default 1000, as the paper).")
  long intervalMs;

  @Option(
      names = "--nvml-library",
      paramLabel = "PATH",
      description = "Load NVML from PATH instead of the system property or libnvidia-ml.so.1.")
  String nvmlLibrary;

  @Option(
      names = "--workload",
      defaultValue = "cpu",
      description =
          "What runs meanwhile: cpu (busy threads for the first half, idle for the second) or"
              + " none (default cpu).")
  Workload workload;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Busy threads of the cpu workload (default 1).")
  int threads;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    Duration interval = Duration.ofMillis(intervalMs);
    if (interval.compareTo(UtilizationSampler.MIN_INTERVAL) < 0) {
      throw new ParameterException(spec.commandLine(), "--interval-ms must be at least 100");
    }
    if (!(seconds > 0) || threads < 1) {
      throw new ParameterException(spec.commandLine(), "--seconds and --threads must be positive");
    }
    long windowNanos = (long) (seconds * 1e9);

    // A device diagnostic, not training: try NVML whichever backend ND4J runs on.
    MonitorChoice choice = DeviceMonitors.choose(nvmlLibrary, true);
    try (DeviceMonitor device = choice.monitor();
        HostCpuMonitor host = device instanceof HostCpuMonitor ? null : new HostCpuMonitor()) {
      HostCpuMonitor hostMonitor = host != null ? host : (HostCpuMonitor) device;
      out.println("monitor:  " + choice.reason());
      out.println("measures: " + device.measures());
      out.println("workload: " + describeWorkload());
      out.printf(Locale.ROOT, "sampling every %d ms for %s s ...%n", intervalMs, format(seconds));
      out.flush();

      UtilizationSampler deviceSampler = new UtilizationSampler(device, interval);
      UtilizationSampler hostSampler =
          host != null ? new UtilizationSampler(host, interval) : deviceSampler;
      hostMonitor.sampleHost(); // starts the system-CPU tick window
      deviceSampler.start();
      if (hostSampler != deviceSampler) {
        hostSampler.start();
      }
      runWorkload(windowNanos);
      UtilizationStats deviceStats = deviceSampler.stop();
      UtilizationStats hostStats = hostSampler != deviceSampler ? hostSampler.stop() : deviceStats;
      HostCpuMonitor.HostSample hostNow = hostMonitor.sampleHost();

      out.println("device:   " + device.deviceName());
      out.println("  utilization %: " + describe(deviceStats));
      deviceSampler.lastSample().ifPresent(s -> out.println("  memory: " + describeMemory(s)));
      out.println("  available: " + (deviceStats.deviceLost() ? "no (device lost)" : "yes"));
      if (hostSampler != deviceSampler) {
        out.println("host:     " + host.deviceName());
        out.println("  process CPU %: " + describe(hostStats));
      }
      out.printf(
          Locale.ROOT,
          "  system CPU (last interval): %.1f %%; system memory used %s of %s%n",
          hostNow.systemCpu(),
          bytes(hostNow.memoryUsed()),
          bytes(hostNow.memoryTotal()));
      out.flush();
    }
  }

  private String describeWorkload() {
    if (workload == Workload.none) {
      return "none (idle JVM)";
    }
    return threads
        + " thread(s) of floating-point arithmetic (a sqrt loop) for the first half of the"
        + " window, then idle";
  }

  private void runWorkload(long windowNanos) {
    long start = System.nanoTime();
    List<Thread> busy = new ArrayList<>();
    if (workload == Workload.cpu) {
      AtomicBoolean stop = new AtomicBoolean();
      for (int i = 0; i < threads; i++) {
        Thread t = new Thread(() -> spin(stop, start + windowNanos / 2), "monitor-workload-" + i);
        t.setDaemon(true);
        t.start();
        busy.add(t);
      }
    }
    try {
      for (Thread t : busy) {
        t.join();
      }
      long left = windowNanos - (System.nanoTime() - start);
      if (left > 0) {
        TimeUnit.NANOSECONDS.sleep(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void spin(AtomicBoolean stop, long untilNanos) {
    double x = 0;
    while (!stop.get() && System.nanoTime() < untilNanos) {
      for (int i = 0; i < 100_000; i++) {
        x += Math.sqrt(i + x);
      }
    }
    if (x < 0) {
      System.out.println(x); // keeps the loop from being optimized away
    }
  }

  static String describe(UtilizationStats s) {
    if (!s.hasSamples()) {
      return "no samples" + (s.deviceLost() ? " (device lost)" : "");
    }
    return String.format(
        Locale.ROOT,
        "n=%d mean=%.1f top50=%.1f stddev=%.1f min=%.1f p50=%.1f p90=%.1f max=%.1f",
        s.count(),
        s.mean(),
        s.top50Mean(),
        s.stddev(),
        s.min(),
        s.p50(),
        s.p90(),
        s.max());
  }

  private static String describeMemory(DeviceSample s) {
    return "used " + bytes(s.memoryUsed()) + " of " + bytes(s.memoryTotal());
  }

  private static String bytes(long n) {
    if (n >= 1L << 30) {
      return String.format(Locale.ROOT, "%.2f GiB", n / (double) (1L << 30));
    }
    return String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
  }

  private static String format(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
