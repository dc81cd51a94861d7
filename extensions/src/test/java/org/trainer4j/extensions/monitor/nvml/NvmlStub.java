package org.trainer4j.extensions.monitor.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.File;

/**
 * The scripting functions of the NVML stub ({@code src/test/c/nvml_stub.c}), which the build
 * compiles into {@code target/nvml-stub/libnvidia-ml.so.1}. Tests load the stub's NVML functions
 * through the real binding from {@link #path()} and script it through this interface.
 */
public interface NvmlStub extends Library {

  int NOT_SUPPORTED = 3;
  int DRIVER_NOT_LOADED = 9;
  int GPU_IS_LOST = 15;
  int VALUE_DOUBLE = 0;
  int VALUE_UINT = 1;
  int VALUE_ULL = 3;

  /** Absolute path of the compiled stub. */
  static String path() {
    String path =
        System.getProperty("trainer4j.test.nvmlStub", "target/nvml-stub/libnvidia-ml.so.1");
    File file = new File(path).getAbsoluteFile();
    assertThat(file)
        .as("the NVML stub; the build compiles it in process-test-classes (gcc)")
        .isFile();
    return file.getPath();
  }

  /** The stub, reset to one healthy device. */
  static NvmlStub loadReset() {
    NvmlStub stub = Native.load(path(), NvmlStub.class);
    stub.stub_reset();
    return stub;
  }

  void stub_reset();

  void stub_set_device_count(int n);

  void stub_set_name(int index, String name);

  void stub_set_utilization(int index, int gpu, int memory);

  /** Memory processes allocated; {@code nvmlDeviceGetMemoryInfo} adds the reserve to it. */
  void stub_set_memory(int index, long total, long used);

  void stub_set_memory_reserved(int index, long reserved);

  int stub_memory_v2_calls();

  void stub_set_samples_supported(int index, int supported);

  void stub_set_samples(int index, int valueType, long[] times, double[] values, int n);

  /**
   * {@code function} ("*" for every device query) returns {@code code} after {@code after} calls.
   */
  void stub_fail(String function, int code, int after);

  int stub_init_refcount();

  int stub_init_calls();

  int stub_shutdown_calls();

  int stub_sample_count_queries();

  int stub_sample_fetches();

  int stub_sample_not_found();
}
