package org.trainer4j.extensions.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.trainer4j.extensions.monitor.nvml.Nvml;
import org.trainer4j.extensions.monitor.nvml.NvmlMonitor;
import org.trainer4j.extensions.monitor.nvml.NvmlStub;
import org.trainer4j.testing.LogCapture;

class DeviceMonitorsTest {

  private static final String MISSING = "/nonexistent/libnvidia-ml.so.1";

  @RegisterExtension final LogCapture logs = LogCapture.of(DeviceMonitors.class);
  private NvmlStub stub;

  @BeforeEach
  void setUp() {
    stub = NvmlStub.loadReset();
  }

  @AfterEach
  void tearDown() {
    System.clearProperty(Nvml.LIBRARY_PROPERTY);
  }

  @Test
  void choosesNvmlOnGpuZeroWhenTheLibraryLoadsAndSeesADevice() {
    stub.stub_set_device_count(2);
    stub.stub_set_name(0, "NVIDIA H100 80GB HBM3");

    MonitorChoice choice = DeviceMonitors.choose(NvmlStub.path(), true);
    try (DeviceMonitor monitor = choice.monitor()) {
      assertThat(monitor).isInstanceOf(NvmlMonitor.class);
      assertThat(((NvmlMonitor) monitor).index()).isZero();
      assertThat(choice.reason())
          .startsWith("NVML on GPU 0 of 2 (NVIDIA H100 80GB HBM3")
          .contains(NvmlStub.path());
    }
    assertThat(stub.stub_init_refcount()).isZero();
  }

  @Test
  void choosesTheHostCpuWhenNd4jRunsOnTheCpuBackendEvenIfNvmlSeesAGpu() {
    stub.stub_set_device_count(1);
    stub.stub_set_name(0, "NVIDIA H100 80GB HBM3");

    MonitorChoice choice = DeviceMonitors.choose(NvmlStub.path(), false);
    try (DeviceMonitor monitor = choice.monitor()) {
      assertThat(monitor).isInstanceOf(HostCpuMonitor.class);
      assertThat(choice.reason()).contains("CPU backend");
    }
    assertThat(DeviceMonitors.ndCudaBackend()).isFalse(); // this build runs nd4j-native
  }

  @Test
  void fallsBackToTheHostCpuWhenNoLibraryLoads() {
    MonitorChoice choice = DeviceMonitors.choose(MISSING, true);
    try (DeviceMonitor monitor = choice.monitor()) {
      assertThat(monitor).isInstanceOf(HostCpuMonitor.class);
      assertThat(choice.reason())
          .startsWith("host CPU via OSHI")
          .contains("NVML unavailable: dlopen returned NVML_ERROR_LIBRARY_NOT_FOUND")
          .contains(MISSING);
    }
  }

  @Test
  void fallsBackToTheHostCpuWhenNvmlSeesNoGpuAndShutsNvmlDown() {
    stub.stub_set_device_count(0);

    MonitorChoice choice = DeviceMonitors.choose(NvmlStub.path(), true);
    try (DeviceMonitor monitor = choice.monitor()) {
      assertThat(monitor).isInstanceOf(HostCpuMonitor.class);
      assertThat(choice.reason()).endsWith("sees no GPU");
    }
    assertThat(stub.stub_shutdown_calls()).isEqualTo(1);
  }

  @Test
  void fallsBackToTheHostCpuWhenTheDriverIsNotLoaded() {
    stub.stub_fail("nvmlInit_v2", NvmlStub.DRIVER_NOT_LOADED, 0);

    MonitorChoice choice = DeviceMonitors.choose(NvmlStub.path(), true);
    try (DeviceMonitor monitor = choice.monitor()) {
      assertThat(monitor).isInstanceOf(HostCpuMonitor.class);
      assertThat(choice.reason()).contains("nvmlInit_v2 returned NVML_ERROR_DRIVER_NOT_LOADED");
    }
  }

  @Test
  void fallsBackToTheHostCpuWhenTheGpuCannotReportUtilization() {
    // As under MIG: no samples, no utilization rates.
    stub.stub_set_samples_supported(0, 0);
    stub.stub_fail("nvmlDeviceGetUtilizationRates", NvmlStub.NOT_SUPPORTED, 0);

    MonitorChoice choice = DeviceMonitors.choose(NvmlStub.path(), true);
    try (DeviceMonitor monitor = choice.monitor()) {
      assertThat(monitor).isInstanceOf(HostCpuMonitor.class);
      assertThat(choice.reason())
          .contains("NVML sees Stub GPU 0 but cannot read it")
          .contains("NVML_ERROR_NOT_SUPPORTED");
    }
    assertThat(stub.stub_init_refcount()).isZero();
  }

  @Test
  void autoOnTheCpuBackendChoosesTheHostCpuEvenWithAnNvmlLibraryAndLogsOneLine() {
    System.setProperty(Nvml.LIBRARY_PROPERTY, NvmlStub.path());

    try (DeviceMonitor monitor = DeviceMonitors.auto()) {
      assertThat(monitor).isInstanceOf(HostCpuMonitor.class);
    }
    assertThat(logs.events())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getFormattedMessage())
                    .startsWith("device monitor: host CPU")
                    .contains("CPU backend"));
  }

  @Test
  void anExplicitLibraryOverridesTheSystemProperty() {
    System.setProperty(Nvml.LIBRARY_PROPERTY, NvmlStub.path());

    try (DeviceMonitor monitor = DeviceMonitors.auto(MISSING)) {
      assertThat(monitor).isInstanceOf(HostCpuMonitor.class);
    }
    assertThat(logs.events())
        .singleElement()
        .satisfies(e -> assertThat(e.getFormattedMessage()).startsWith("device monitor: host CPU"));
  }
}
