package org.trainer4j.extensions.monitor.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NvmlReturnTest {

  @Test
  void mapsCodesToTheHeaderNames() {
    assertThat(NvmlReturn.of(0).nvmlName()).isEqualTo("NVML_SUCCESS");
    assertThat(NvmlReturn.of(3).nvmlName()).isEqualTo("NVML_ERROR_NOT_SUPPORTED");
    assertThat(NvmlReturn.of(6).nvmlName()).isEqualTo("NVML_ERROR_NOT_FOUND");
    assertThat(NvmlReturn.of(12).nvmlName()).isEqualTo("NVML_ERROR_LIBRARY_NOT_FOUND");
    assertThat(NvmlReturn.of(15).nvmlName()).isEqualTo("NVML_ERROR_GPU_IS_LOST");
    assertThat(NvmlReturn.of(21).nvmlName()).isEqualTo("NVML_ERROR_NO_DATA");
    assertThat(NvmlReturn.of(999).nvmlName()).isEqualTo("NVML_ERROR_UNKNOWN");
  }

  @Test
  void unknownCodesAreUnrecognizedAndKeepTheirNumberInTheException() {
    assertThat(NvmlReturn.of(-1)).isEqualTo(NvmlReturn.UNRECOGNIZED);
    assertThat(NvmlReturn.of(4242)).isEqualTo(NvmlReturn.UNRECOGNIZED);

    NvmlException e = new NvmlException("nvmlDeviceGetName", 4242, "");

    assertThat(e.codeName()).isEqualTo("NVML return code 4242");
    assertThat(e.code()).isEqualTo(4242);
    assertThat(e.getMessage()).isEqualTo("nvmlDeviceGetName returned NVML return code 4242");
  }
}
