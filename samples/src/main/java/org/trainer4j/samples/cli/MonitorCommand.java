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
import org.trainer4j.extensions.monitor.MonitorException;
import org.trainer4j.extensions.monitor.UtilizationSampler;
import org.trainer4j.extensions.monitor.UtilizationStats;
import org.trainer4j.extensions.monitor.nvml.Nvml;
import org.trainer4j.extensions.monitor.nvml.NvmlException;
import org.trainer4j.extensions.monitor.nvml.NvmlReturn;
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

  /** The longest window and the farthest start time: a day, longer than any one diagnosis. */
  static final long MAX_SECONDS = 86_400;

  @Option(
      names = "--seconds",
      defaultValue = "5",
      description = "How long to sample, at most " + MAX_SECONDS + " (a day; default 5).")
  double seconds;

  @Option(
      names = "--interval-ms",
      defaultValue = "1000",
      description = "Sampling interval in milliseconds, at least 100 (default 1000, as the paper).")
  long intervalMs;

  @Option(
      names = "--nvml-library",
      paramLabel = "PATH",
      description =
          "Load NVML from PATH instead of the system property or libnvidia-ml.so.1; a PATH that"
              + " cannot be loaded is an error, not a fall-back to the CPU.")
  String nvmlLibrary;

  @Option(
      names = "--workload",
      description =
          "What runs meanwhile: cpu (busy threads for the first half, idle for the second) or"
              + " none (default cpu; none with --phases).")
  Workload workload;

  @Option(
      names = "--phases",
      split = ",",
      paramLabel = "NAME:SECONDS",
      description =
          "Sample in consecutive phases instead of one window (e.g. idle:3,busy:5,idle:3), one"
              + " statistics line each, while another program makes the load.")
  List<String> phases;

  @Option(
      names = "--start-at-ms",
      paramLabel = "EPOCH_MS",
      description =
          "With --phases: wait until this wall-clock time (milliseconds since the epoch) before"
              + " the first phase, so that a load started separately can follow the same"
              + " schedule; at most a day from now.")
  Long startAtMs;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Busy threads of the cpu workload (default 1).")
  int threads;

  /**
   * Runs only this command, so that it works with just the monitor's jars on the class path
   * (trainer4j's, JNA, OSHI, Guava, SLF4J, picocli), as on a GPU host without DL4J.
   */
  public static void main(String[] args) {
    System.exit(Main.run(new MonitorCommand(), args));
  }

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    Duration interval = Duration.ofMillis(intervalMs);
    if (interval.compareTo(UtilizationSampler.MIN_INTERVAL) < 0) {
      throw new ParameterException(spec.commandLine(), "--interval-ms must be at least 100");
    }
    // Infinity once sampled until killed; each option is named on its own.
    OptionChecks.positive(spec, "--seconds", seconds);
    OptionChecks.atMost(spec, "--seconds", seconds, MAX_SECONDS);
    OptionChecks.atLeast(spec, "--threads", threads, 1);
    List<MonitorPhase> schedule = schedule();
    if (nvmlLibrary != null) {
      checkNvmlLoads();
    }
    if (workload == null) {
      workload = schedule.isEmpty() ? Workload.cpu : Workload.none;
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
      if (!schedule.isEmpty()) {
        samplePhases(out, new UtilizationSampler(device, interval), schedule);
        HostCpuMonitor.HostSample hostNow = hostMonitor.sampleHost();
        printHost(out, hostNow);
        return;
      }
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
      printHost(out, hostNow);
    }
  }

  private List<MonitorPhase> schedule() {
    if (phases == null) {
      if (startAtMs != null) {
        throw new ParameterException(spec.commandLine(), "--start-at-ms needs --phases");
      }
      return List.of();
    }
    if (workload == Workload.cpu) {
      throw new ParameterException(
          spec.commandLine(),
          "--phases samples a load made by another program; --workload cpu runs without it");
    }
    long now = System.currentTimeMillis();
    if (startAtMs != null && Math.abs(startAtMs - now) > MAX_SECONDS * 1000) {
      // 99999999999999 (year 5138) once waited until killed; seconds for milliseconds, 1970.
      throw new ParameterException(
          spec.commandLine(),
          String.format(
              "--start-at-ms must be within a day of now (%d ms since the epoch), got %d",
              now, startAtMs));
    }
    try {
      return MonitorPhase.parseAll(phases);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--phases: " + e.getMessage());
    }
  }

  /**
   * A library the user named that cannot be loaded is a usage error: {@link DeviceMonitors} would
   * fall back to the CPU monitor and exit 0, hiding a mistyped path. One that loads but whose NVML
   * cannot start (no driver, no GPU) is left to the choice, which says why it fell back.
   */
  private void checkNvmlLoads() {
    try {
      // Loaded: DeviceMonitors.choose opens it again for the monitor it returns.
      Nvml.open(nvmlLibrary).close();
    } catch (NvmlException e) {
      if (e.result() == NvmlReturn.ERROR_LIBRARY_NOT_FOUND) {
        throw new ParameterException(
            spec.commandLine(),
            "--nvml-library " + nvmlLibrary + " cannot be loaded: " + e.getMessage());
      }
    } catch (MonitorException e) {
      // Loaded but unusable: the choice below reports it.
    }
  }

  /** Samples each phase with a fresh run of the sampler, back to back on one clock. */
  private void samplePhases(PrintWriter out, UtilizationSampler sampler, List<MonitorPhase> plan) {
    out.printf(
        Locale.ROOT,
        "sampling every %d ms in phases %s%n",
        intervalMs,
        plan.stream().map(p -> p.name() + ":" + format(p.seconds())).toList());
    if (startAtMs != null) {
      long wait = startAtMs - System.currentTimeMillis();
      out.printf(Locale.ROOT, "waiting %d ms for the start time%n", Math.max(0, wait));
      out.flush();
      sleepNanos(TimeUnit.MILLISECONDS.toNanos(wait));
    }
    out.flush();
    long end = System.nanoTime();
    for (MonitorPhase phase : plan) {
      long begin = end;
      end += phase.nanos();
      sampler.start();
      // Memory from the middle of the phase: the closing reading races the next phase's start.
      sleepNanos(begin + phase.nanos() / 2 - System.nanoTime());
      String memory = sampler.lastSample().map(MonitorCommand::describeMemory).orElse("unread");
      sleepNanos(end - System.nanoTime());
      UtilizationStats stats = sampler.stop();
      out.printf(
          Locale.ROOT,
          "phase %s (%s s): utilization %%: %s; memory mid-phase %s%n",
          phase.name(),
          format(phase.seconds()),
          describe(stats),
          memory);
      out.flush();
    }
  }

  private static void printHost(PrintWriter out, HostCpuMonitor.HostSample hostNow) {
    out.printf(
        Locale.ROOT,
        "  system CPU (last interval): %.1f %%; system memory used %s of %s%n",
        hostNow.systemCpu(),
        bytes(hostNow.memoryUsed()),
        bytes(hostNow.memoryTotal()));
    out.flush();
  }

  private static void sleepNanos(long nanos) {
    if (nanos <= 0) {
      return;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String describeWorkload() {
    if (workload == Workload.none) {
      return phases != null ? "made by another program" : "none (idle JVM)";
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
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    sleepNanos(windowNanos - (System.nanoTime() - start));
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
