package org.trainer4j.extensions.monitor.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.trainer4j.extensions.monitor.DeviceSample;
import org.trainer4j.extensions.monitor.MonitorException;

class NvmlMonitorTest {

  private NvmlStub stub;

  @BeforeEach
  void loadStub() {
    stub = NvmlStub.loadReset();
  }

  private NvmlMonitor open(int index) {
    try (Nvml nvml = Nvml.open(NvmlStub.path())) {
      return new NvmlMonitor(nvml, index);
    }
  }

  @Test
  void readsTheMeanOfTheSamplesSinceThePreviousReadingAndTheMemory() {
    stub.stub_set_memory(0, 1000, 250);
    stub.stub_set_memory_reserved(0, 100);
    try (NvmlMonitor monitor = open(0)) {
      stub.stub_set_samples(
          0, NvmlStub.VALUE_UINT, new long[] {10, 20, 30}, new double[] {20, 40, 90}, 3);

      DeviceSample first = monitor.sample();
      stub.stub_set_samples(
          0, NvmlStub.VALUE_UINT, new long[] {10, 20, 30, 40}, new double[] {20, 40, 90, 5}, 4);
      DeviceSample second = monitor.sample();

      // Memory as nvidia-smi shows it: allocated, of what the driver's reserve leaves.
      assertThat(first).isEqualTo(new DeviceSample(50, 250, 900));
      assertThat(second.utilization()).isEqualTo(5);
      assertThat(monitor.usesSamples()).isTrue();
    }
  }

  @Test
  void fallsBackToUtilizationRatesWhenThereAreNoNewSamples() {
    stub.stub_set_utilization(0, 64, 10);
    try (NvmlMonitor monitor = open(0)) {
      stub.stub_set_samples(0, NvmlStub.VALUE_UINT, new long[] {10}, new double[] {90}, 1);
      monitor.sample();

      DeviceSample again = monitor.sample();

      assertThat(again.utilization()).isEqualTo(64);
      assertThat(stub.stub_sample_not_found()).isGreaterThanOrEqualTo(1);
      assertThat(monitor.usesSamples()).isTrue();
    }
  }

  @Test
  void ignoresSamplesRecordedBeforeItOpened() {
    stub.stub_set_utilization(0, 33, 0);
    stub.stub_set_samples(0, NvmlStub.VALUE_UINT, new long[] {10, 20}, new double[] {100, 100}, 2);
    try (NvmlMonitor monitor = open(0)) {
      assertThat(monitor.sample().utilization()).isEqualTo(33);
    }
  }

  @Test
  void usesUtilizationRatesWhereSamplesAreNotSupported() {
    stub.stub_set_samples_supported(0, 0);
    stub.stub_set_utilization(0, 71, 0);
    try (NvmlMonitor monitor = open(0)) {
      assertThat(monitor.sample().utilization()).isEqualTo(71);
      assertThat(monitor.usesSamples()).isFalse();
      assertThat(monitor.measures()).contains("utilization rates");
    }
  }

  @Test
  void aGpuLostMidSamplingThrowsTheNvmlError() {
    try (NvmlMonitor monitor = open(0)) {
      monitor.sample();
      stub.stub_fail("*", NvmlStub.GPU_IS_LOST, 0);

      assertThatThrownBy(monitor::sample)
          .isInstanceOfSatisfying(
              NvmlException.class,
              e -> assertThat(e.codeName()).isEqualTo("NVML_ERROR_GPU_IS_LOST"));
    }
  }

  @Test
  void monitorsShareOneInitAndTheLastToCloseShutsNvmlDown() {
    stub.stub_set_device_count(2);
    NvmlMonitor first;
    NvmlMonitor second;
    try (Nvml nvml = Nvml.open(NvmlStub.path())) {
      first = new NvmlMonitor(nvml, 0);
      second = new NvmlMonitor(nvml, 1);
    }
    first.close();
    first.close();

    assertThat(stub.stub_shutdown_calls()).isZero();
    assertThat(second.sample()).isNotNull();

    second.close();

    assertThat(stub.stub_init_calls()).isEqualTo(1);
    assertThat(stub.stub_shutdown_calls()).isEqualTo(1);
  }

  @Test
  void aClosedMonitorRefusesToSample() {
    NvmlMonitor monitor = open(0);
    monitor.close();

    assertThatThrownBy(monitor::sample)
        .isInstanceOf(MonitorException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void anIndexOutOfRangeIsRejectedAndReleasesItsReference() {
    try (Nvml nvml = Nvml.open(NvmlStub.path())) {
      assertThatThrownBy(() -> new NvmlMonitor(nvml, 3))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("GPU index 3 out of range: NVML sees 1 device(s)");
    }
    assertThat(stub.stub_shutdown_calls()).isEqualTo(1);
  }

  @Test
  void describesTheGpuAndWhatItMeasures() {
    stub.stub_set_name(0, "NVIDIA H100 80GB HBM3");
    try (NvmlMonitor monitor = open(0)) {
      assertThat(monitor.deviceName()).isEqualTo("NVIDIA H100 80GB HBM3");
      assertThat(monitor.isGpu()).isTrue();
      assertThat(monitor.measures())
          .contains("percent of time a kernel was running")
          .contains("not how much of the GPU was busy");
    }
  }
}
