package org.trainer4j.extensions.monitor.nvml;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.Union;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The raw NVML functions trainer4j calls, mapped by JNA onto {@code libnvidia-ml.so.1}. Every
 * function returns an {@code nvmlReturn_t}; {@link Nvml} turns non-zero codes into exceptions. The
 * structures mirror {@code nvml.h} field for field.
 */
interface NvmlNative extends Library {

  /** {@code NVML_GPU_UTILIZATION_SAMPLES} of {@code nvmlSamplingType_t}. */
  int GPU_UTILIZATION_SAMPLES = 1;

  /** {@code NVML_DEVICE_NAME_V2_BUFFER_SIZE}. */
  int DEVICE_NAME_BUFFER_SIZE = 96;

  int nvmlInit_v2();

  int nvmlShutdown();

  String nvmlErrorString(int result);

  int nvmlDeviceGetCount_v2(IntByReference deviceCount);

  int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

  int nvmlDeviceGetName(Pointer device, byte[] name, int length);

  int nvmlDeviceGetUtilizationRates(Pointer device, Utilization utilization);

  int nvmlDeviceGetMemoryInfo(Pointer device, Memory memory);

  /** Since driver R510; {@code memory.version} must be {@link MemoryV2#VERSION}. */
  int nvmlDeviceGetMemoryInfo_v2(Pointer device, MemoryV2 memory);

  /** With {@code samples == null}, reports in {@code sampleCount} how many entries to allocate. */
  int nvmlDeviceGetSamples(
      Pointer device,
      int type,
      long lastSeenTimeStamp,
      IntByReference sampleValType,
      IntByReference sampleCount,
      Sample samples);

  /** {@code nvmlUtilization_t}: two unsigned ints, percent. */
  @FieldOrder({"gpu", "memory"})
  class Utilization extends Structure {
    public int gpu;
    public int memory;
  }

  /** {@code nvmlMemory_t}: three unsigned long longs, bytes. */
  @FieldOrder({"total", "free", "used"})
  class Memory extends Structure {
    public long total;
    public long free;
    public long used;
  }

  /**
   * {@code nvmlMemory_v2_t}: a version word, then total, reserved, free and used bytes. Unlike
   * {@code nvmlMemory_t}, {@code used} leaves out what the driver and firmware reserve.
   */
  @FieldOrder({"version", "total", "reserved", "free", "used"})
  class MemoryV2 extends Structure {
    /** {@code nvmlMemory_v2}: the struct's size (40 bytes with padding) | 2 << 24. */
    static final int VERSION = 40 | 2 << 24;

    public int version = VERSION;
    public long total;
    public long reserved;
    public long free;
    public long used;
  }

  /** {@code nvmlValue_t}: an 8-byte union whose active member {@code nvmlValueType_t} names. */
  class Value extends Union {
    public double dVal;
    public int uiVal;
    public NativeLong ulVal;
    public long ullVal;
    public long sllVal;
    public int siVal;
  }

  /** {@code nvmlSample_t}: a CPU timestamp in microseconds and the value. */
  @FieldOrder({"timeStamp", "sampleValue"})
  class Sample extends Structure {
    public long timeStamp;
    public Value sampleValue;
  }
}
