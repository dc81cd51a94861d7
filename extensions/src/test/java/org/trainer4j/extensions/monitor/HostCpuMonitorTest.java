package org.trainer4j.extensions.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

class HostCpuMonitorTest {

  @Test
  void cpuTimeSpentByThisProcessShowsAsLoad() {
    try (HostCpuMonitor monitor = new HostCpuMonitor()) {
      monitor.sampleHost();
      burnCpuMillis(300);

      HostCpuMonitor.HostSample sample = monitor.sampleHost();

      assertThat(sample.processCpu()).isGreaterThan(0.0).isLessThanOrEqualTo(100.0);
      assertThat(sample.systemCpu()).isBetween(0.0, 100.0);
    }
  }

  @Test
  void memoryFiguresAreThisProcessesResidentSetWithinTheHostsTotal() {
    try (HostCpuMonitor monitor = new HostCpuMonitor()) {
      HostCpuMonitor.HostSample host = monitor.sampleHost();
      DeviceSample device = monitor.sample();

      assertThat(host.processMemory()).isPositive().isLessThan(host.memoryTotal());
      assertThat(host.memoryUsed()).isPositive().isLessThanOrEqualTo(host.memoryTotal());
      assertThat(device.memoryTotal()).isEqualTo(host.memoryTotal());
      assertThat(device.memoryUsed()).isPositive();
    }
  }

  @Test
  void readingsCloserThanTheTickResolutionRepeatThePreviousOne() {
    try (HostCpuMonitor monitor = new HostCpuMonitor()) {
      burnCpuMillis(100);
      HostCpuMonitor.HostSample first = monitor.sampleHost();

      assertThat(monitor.sampleHost()).isSameAs(first);
    }
  }

  @Test
  void saysItIsTheCpuAndWhatItMeasures() {
    try (HostCpuMonitor monitor = new HostCpuMonitor()) {
      assertThat(monitor.isGpu()).isFalse();
      assertThat(monitor.deviceName()).contains("logical CPUs");
      assertThat(monitor.measures())
          .contains("CPU time of this process")
          .contains("percent of all")
          .contains("OSHI");
    }
  }

  @Test
  void aClosedMonitorRefusesToSample() {
    HostCpuMonitor monitor = new HostCpuMonitor();
    monitor.close();

    assertThatThrownBy(monitor::sample).isInstanceOf(MonitorException.class);
  }

  // Spins until this thread has used the CPU time asked for, however busy the machine is.
  private static void burnCpuMillis(long millis) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long until = threads.getCurrentThreadCpuTime() + millis * 1_000_000;
    double x = 0;
    while (threads.getCurrentThreadCpuTime() < until) {
      for (int i = 0; i < 10_000; i++) {
        x += Math.sqrt(i + x);
      }
    }
    assertThat(x).isPositive();
  }
}
