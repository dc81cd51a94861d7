package org.trainer4j.extensions.monitor.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JNA binding against the scripted stub library: layouts, protocols, errors, lifecycle. */
class NvmlTest {

  private NvmlStub stub;
  private Nvml nvml;

  @BeforeEach
  void loadStub() {
    stub = NvmlStub.loadReset();
  }

  @AfterEach
  void closeNvml() {
    if (nvml != null) {
      nvml.close();
    }
  }

  @Test
  void utilizationRatesRoundTripBothFieldsOfTheStruct() {
    stub.stub_set_utilization(0, 87, 23);
    nvml = Nvml.open(NvmlStub.path());

    assertThat(nvml.utilizationRates(0)).isEqualTo(new Nvml.UtilizationRates(87, 23));
  }

  @Test
  void memoryInfoReadsTheV2StructWithItsVersionWordAndTheDriversReserveApart() {
    long total = 80L << 30;
    long used = (5L << 32) + 12345;
    long reserved = 615L << 20;
    stub.stub_set_memory(0, total, used);
    stub.stub_set_memory_reserved(0, reserved);
    nvml = Nvml.open(NvmlStub.path());

    Nvml.MemoryInfo memory = nvml.memoryInfo(0);

    assertThat(memory)
        .isEqualTo(new Nvml.MemoryInfo(total, reserved, total - reserved - used, used));
    assertThat(memory.usable()).isEqualTo(total - reserved);
  }

  @Test
  void aDriverWithoutTheV2CallFallsBackToV1ForGoodWhoseUsedCountsTheReserve() {
    long total = 80L << 30;
    stub.stub_set_memory(0, total, 1000);
    stub.stub_set_memory_reserved(0, 24);
    stub.stub_fail("nvmlDeviceGetMemoryInfo_v2", NvmlReturn.ERROR_FUNCTION_NOT_FOUND.code(), 0);
    nvml = Nvml.open(NvmlStub.path());

    Nvml.MemoryInfo first = nvml.memoryInfo(0);
    Nvml.MemoryInfo second = nvml.memoryInfo(0);

    assertThat(first)
        .isEqualTo(new Nvml.MemoryInfo(total, 0, total - 1024, 1024))
        .isEqualTo(second);
    assertThat(stub.stub_memory_v2_calls()).isEqualTo(1);
  }

  @Test
  void aLostGpuDuringTheMemoryReadIsAnErrorNotAFallback() {
    stub.stub_fail("nvmlDeviceGetMemoryInfo_v2", NvmlReturn.ERROR_GPU_IS_LOST.code(), 0);
    nvml = Nvml.open(NvmlStub.path());

    assertThatThrownBy(() -> nvml.memoryInfo(0))
        .isInstanceOf(NvmlException.class)
        .hasMessageContaining("NVML_ERROR_GPU_IS_LOST");
  }

  @Test
  void readsDeviceCountAndNames() {
    stub.stub_set_device_count(2);
    stub.stub_set_name(1, "NVIDIA H100 80GB HBM3");
    nvml = Nvml.open(NvmlStub.path());

    assertThat(nvml.deviceCount()).isEqualTo(2);
    assertThat(nvml.name(0)).isEqualTo("Stub GPU 0");
    assertThat(nvml.name(1)).isEqualTo("NVIDIA H100 80GB HBM3");
  }

  @Test
  void samplesAreFetchedAfterACountQueryAndDecodedAsUnsignedInts() {
    stub.stub_set_samples(
        0, NvmlStub.VALUE_UINT, new long[] {100, 200, 300}, new double[] {10, 55, 100}, 3);
    nvml = Nvml.open(NvmlStub.path());

    List<Nvml.UtilizationSample> samples = nvml.utilizationSamples(0, 0);

    // The stub leaves garbage in the union's upper four bytes; reading them as a long would show.
    assertThat(samples)
        .containsExactly(
            new Nvml.UtilizationSample(100, 10),
            new Nvml.UtilizationSample(200, 55),
            new Nvml.UtilizationSample(300, 100));
    assertThat(stub.stub_sample_count_queries()).isEqualTo(1);
    assertThat(stub.stub_sample_fetches()).isEqualTo(1);
  }

  @Test
  void samplesReturnOnlyThoseNewerThanTheLastSeenTimestamp() {
    stub.stub_set_samples(
        0, NvmlStub.VALUE_UINT, new long[] {100, 200, 300}, new double[] {10, 55, 100}, 3);
    nvml = Nvml.open(NvmlStub.path());

    assertThat(nvml.utilizationSamples(0, 200))
        .containsExactly(new Nvml.UtilizationSample(300, 100));
  }

  @Test
  void notFoundMeansNoNewSamplesAndGivesAnEmptyList() {
    stub.stub_set_samples(0, NvmlStub.VALUE_UINT, new long[] {100}, new double[] {42}, 1);
    nvml = Nvml.open(NvmlStub.path());

    assertThat(nvml.utilizationSamples(0, 100)).isEmpty();
    assertThat(stub.stub_sample_not_found()).isEqualTo(1);
    assertThat(stub.stub_sample_fetches()).isZero();
  }

  @Test
  void samplesDecodeDoubleAndUnsignedLongLongValues() {
    stub.stub_set_samples(0, NvmlStub.VALUE_DOUBLE, new long[] {1}, new double[] {12.75}, 1);
    nvml = Nvml.open(NvmlStub.path());
    assertThat(nvml.utilizationSamples(0, 0)).containsExactly(new Nvml.UtilizationSample(1, 12.75));

    stub.stub_set_samples(0, NvmlStub.VALUE_ULL, new long[] {2}, new double[] {1e12}, 1);
    assertThat(nvml.utilizationSamples(0, 0)).containsExactly(new Nvml.UtilizationSample(2, 1e12));
  }

  @Test
  void notSupportedBecomesAnExceptionNamingCodeAndFunction() {
    stub.stub_set_samples_supported(0, 0);
    nvml = Nvml.open(NvmlStub.path());

    assertThatThrownBy(() -> nvml.utilizationSamples(0, 0))
        .isInstanceOfSatisfying(
            NvmlException.class,
            e -> {
              assertThat(e.result()).isEqualTo(NvmlReturn.ERROR_NOT_SUPPORTED);
              assertThat(e.codeName()).isEqualTo("NVML_ERROR_NOT_SUPPORTED");
              assertThat(e.function()).isEqualTo("nvmlDeviceGetSamples");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "nvmlDeviceGetSamples returned NVML_ERROR_NOT_SUPPORTED: Not Supported");
            });
  }

  @Test
  void gpuLostMidSamplingBecomesAnExceptionFromTheFailingCall() {
    stub.stub_fail("nvmlDeviceGetUtilizationRates", NvmlStub.GPU_IS_LOST, 2);
    nvml = Nvml.open(NvmlStub.path());
    nvml.utilizationRates(0);
    nvml.utilizationRates(0);

    assertThatThrownBy(() -> nvml.utilizationRates(0))
        .isInstanceOfSatisfying(
            NvmlException.class,
            e -> {
              assertThat(e.codeName()).isEqualTo("NVML_ERROR_GPU_IS_LOST");
              assertThat(e.code()).isEqualTo(15);
              assertThat(e.function()).isEqualTo("nvmlDeviceGetUtilizationRates");
              assertThat(e.getMessage()).contains("GPU is lost");
            });
  }

  @Test
  void aMissingLibraryIsLibraryNotFoundNamingThePath() {
    assertThatThrownBy(() -> Nvml.open("/nonexistent/libnvidia-ml.so.1"))
        .isInstanceOfSatisfying(
            NvmlException.class,
            e -> {
              assertThat(e.result()).isEqualTo(NvmlReturn.ERROR_LIBRARY_NOT_FOUND);
              assertThat(e.getMessage()).contains("/nonexistent/libnvidia-ml.so.1");
            });
  }

  @Test
  void aLibraryWithoutNvmlFunctionsIsFunctionNotFound() {
    // libm loads but exports no NVML symbol (libc would not do: JNA resolves it process-wide,
    // where the stub's symbols are already global).
    assertThatThrownBy(() -> Nvml.open("libm.so.6"))
        .isInstanceOfSatisfying(
            NvmlException.class,
            e -> {
              assertThat(e.result()).isEqualTo(NvmlReturn.ERROR_FUNCTION_NOT_FOUND);
              assertThat(e.function()).isEqualTo("nvmlInit_v2");
            });
  }

  @Test
  void aFailedInitIsReportedWithItsCodeAndShutsNothingDown() {
    stub.stub_fail("nvmlInit_v2", NvmlStub.DRIVER_NOT_LOADED, 0);

    assertThatThrownBy(() -> Nvml.open(NvmlStub.path()))
        .isInstanceOfSatisfying(
            NvmlException.class,
            e -> assertThat(e.codeName()).isEqualTo("NVML_ERROR_DRIVER_NOT_LOADED"));
    assertThat(stub.stub_shutdown_calls()).isZero();
  }

  @Test
  void initializesOnceAndShutsDownWhenTheLastReferenceIsReleased() {
    nvml = Nvml.open(NvmlStub.path());
    nvml.retain();
    nvml.close();
    nvml.close();

    assertThat(stub.stub_init_refcount()).isEqualTo(1);
    assertThat(nvml.isOpen()).isTrue();

    nvml.release();

    assertThat(stub.stub_init_calls()).isEqualTo(1);
    assertThat(stub.stub_shutdown_calls()).isEqualTo(1);
    assertThat(stub.stub_init_refcount()).isZero();
    assertThat(nvml.isOpen()).isFalse();
  }

  @Test
  void callsAfterShutdownFailWithoutEnteringTheLibrary() {
    nvml = Nvml.open(NvmlStub.path());
    nvml.close();

    assertThatThrownBy(() -> nvml.deviceCount())
        .isInstanceOfSatisfying(
            NvmlException.class,
            e -> assertThat(e.result()).isEqualTo(NvmlReturn.ERROR_UNINITIALIZED));
    assertThatThrownBy(() -> nvml.retain()).isInstanceOf(NvmlException.class);
  }

  @Test
  void candidatesAreTheNamedLibraryAloneOrTheDefaultsInOrder() {
    assertThat(Nvml.candidates("/opt/nvml/libnvidia-ml.so.1"))
        .containsExactly("/opt/nvml/libnvidia-ml.so.1");
    assertThat(Nvml.candidates(null)).containsExactly("libnvidia-ml.so.1", "nvidia-ml");
    assertThat(Nvml.candidates(" ")).containsExactly("libnvidia-ml.so.1", "nvidia-ml");
  }
}
