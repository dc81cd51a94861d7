package org.trainer4j.extensions.monitor.nvml;

import com.google.common.base.Preconditions;
import com.google.common.primitives.UnsignedLong;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NVML library, loaded through JNA and initialized once ({@code nvmlInit_v2}). The handle is
 * reference-counted: the opener holds one reference and each {@link NvmlMonitor} takes its own, and
 * {@code nvmlShutdown} runs when the last one is released. Every non-zero return code becomes an
 * {@link NvmlException} naming the code and the function. Thread-safe, as NVML itself is.
 */
public final class Nvml implements AutoCloseable {

  /** System property with an explicit library path (or name) to load instead of the defaults. */
  public static final String LIBRARY_PROPERTY = "trainer4j.nvml.library";

  /** Tried in order when no library is named: the driver's soname, then JNA's search by name. */
  public static final List<String> DEFAULT_LIBRARIES = List.of("libnvidia-ml.so.1", "nvidia-ml");

  private static final Logger log = LoggerFactory.getLogger(Nvml.class);

  // What a driver older than the call (or its struct version) answers.
  private static final Set<NvmlReturn> OLD_DRIVER =
      EnumSet.of(
          NvmlReturn.ERROR_FUNCTION_NOT_FOUND,
          NvmlReturn.ERROR_NOT_SUPPORTED,
          NvmlReturn.ERROR_ARGUMENT_VERSION_MISMATCH);

  private final NvmlNative lib;
  private final String library;
  private final Map<Integer, Pointer> handles = new ConcurrentHashMap<>();
  // Calls hold the read lock, shutdown the write lock: no call enters the library after shutdown.
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private int references = 1;
  private boolean openerReleased;
  // Cleared once the driver shows it lacks nvmlDeviceGetMemoryInfo_v2.
  private volatile boolean memoryV2 = true;

  private Nvml(NvmlNative lib, String library) {
    this.lib = lib;
    this.library = library;
  }

  /**
   * Loads the library named by the system property {@value #LIBRARY_PROPERTY}, or else the first of
   * {@link #DEFAULT_LIBRARIES} that loads, and initializes NVML.
   *
   * @throws NvmlException {@code NVML_ERROR_LIBRARY_NOT_FOUND} if no library loads, or the code
   *     {@code nvmlInit_v2} returned
   */
  public static Nvml open() {
    return open(System.getProperty(LIBRARY_PROPERTY));
  }

  /**
   * Loads {@code library} (a path if it contains '/', else a library name), or the defaults when it
   * is null or blank, and initializes NVML. A named library is the only one tried: falling back to
   * another would hide the user's mistake.
   */
  public static Nvml open(String library) {
    List<String> failures = new ArrayList<>();
    for (String candidate : candidates(library)) {
      if (candidate.contains("/") && !new File(candidate).isFile()) {
        failures.add(candidate + " (no such file)");
        continue;
      }
      String target = candidate.contains("/") ? new File(candidate).getAbsolutePath() : candidate;
      NvmlNative lib;
      try {
        lib = Native.load(target, NvmlNative.class);
      } catch (UnsatisfiedLinkError e) {
        failures.add(candidate + " (" + failureReason(e.getMessage()) + ")");
        continue;
      }
      Nvml nvml = new Nvml(lib, target);
      nvml.check("nvmlInit_v2", nvml.invoke("nvmlInit_v2", lib::nvmlInit_v2));
      log.debug("NVML initialized from {}", target);
      return nvml;
    }
    throw new NvmlException(
        "dlopen", NvmlReturn.ERROR_LIBRARY_NOT_FOUND, "tried " + String.join(", ", failures), null);
  }

  /** The libraries {@link #open(String)} tries for {@code library}, in order. */
  static List<String> candidates(String library) {
    return library == null || library.isBlank() ? DEFAULT_LIBRARIES : List.of(library.strip());
  }

  /** The path or name the library was loaded from. */
  public String library() {
    return library;
  }

  /** Number of GPUs NVML sees (all of them: NVML ignores {@code CUDA_VISIBLE_DEVICES}). */
  public int deviceCount() {
    IntByReference count = new IntByReference();
    check(
        "nvmlDeviceGetCount_v2",
        invoke("nvmlDeviceGetCount_v2", () -> lib.nvmlDeviceGetCount_v2(count)));
    return count.getValue();
  }

  /** The product name of GPU {@code index}, e.g. "NVIDIA H100 80GB HBM3". */
  public String name(int index) {
    Pointer device = handle(index);
    byte[] buffer = new byte[NvmlNative.DEVICE_NAME_BUFFER_SIZE];
    check(
        "nvmlDeviceGetName",
        invoke("nvmlDeviceGetName", () -> lib.nvmlDeviceGetName(device, buffer, buffer.length)));
    int end = 0;
    while (end < buffer.length && buffer[end] != 0) {
      end++;
    }
    return new String(buffer, 0, end, StandardCharsets.UTF_8);
  }

  /** {@code nvmlDeviceGetUtilizationRates}: percent of the last sample period a kernel ran. */
  public UtilizationRates utilizationRates(int index) {
    Pointer device = handle(index);
    NvmlNative.Utilization u = new NvmlNative.Utilization();
    check(
        "nvmlDeviceGetUtilizationRates",
        invoke(
            "nvmlDeviceGetUtilizationRates", () -> lib.nvmlDeviceGetUtilizationRates(device, u)));
    return new UtilizationRates(Integer.toUnsignedLong(u.gpu), Integer.toUnsignedLong(u.memory));
  }

  /**
   * Device memory in bytes: {@code nvmlDeviceGetMemoryInfo_v2}, whose {@code used} is what
   * processes allocated (as {@code nvidia-smi} shows it), or on a driver without it {@code
   * nvmlDeviceGetMemoryInfo}, whose {@code used} also counts the driver's reserve (about 600 MiB on
   * an H200) and whose reserve then reads 0.
   */
  public MemoryInfo memoryInfo(int index) {
    Pointer device = handle(index);
    if (memoryV2) {
      NvmlNative.MemoryV2 m = new NvmlNative.MemoryV2();
      try {
        check(
            "nvmlDeviceGetMemoryInfo_v2",
            invoke("nvmlDeviceGetMemoryInfo_v2", () -> lib.nvmlDeviceGetMemoryInfo_v2(device, m)));
        return new MemoryInfo(m.total, m.reserved, m.free, m.used);
      } catch (NvmlException e) {
        if (!OLD_DRIVER.contains(e.result())) {
          throw e;
        }
        memoryV2 = false;
        log.debug("{}; using nvmlDeviceGetMemoryInfo", e.getMessage());
      }
    }
    NvmlNative.Memory m = new NvmlNative.Memory();
    check(
        "nvmlDeviceGetMemoryInfo",
        invoke("nvmlDeviceGetMemoryInfo", () -> lib.nvmlDeviceGetMemoryInfo(device, m)));
    return new MemoryInfo(m.total, 0, m.free, m.used);
  }

  /**
   * GPU utilization samples newer than {@code lastSeenMicros} ({@code nvmlDeviceGetSamples} with
   * {@code NVML_GPU_UTILIZATION_SAMPLES}): first a call without a buffer for the count, then one
   * that fills a buffer of that size. Empty when NVML answers {@code NVML_ERROR_NOT_FOUND}, which
   * means no sample is newer.
   */
  public List<UtilizationSample> utilizationSamples(int index, long lastSeenMicros) {
    Pointer device = handle(index);
    IntByReference type = new IntByReference();
    IntByReference count = new IntByReference();
    String fn = "nvmlDeviceGetSamples";
    // A sample can land between the two calls; the second attempt then sizes for it.
    for (int attempt = 0; ; attempt++) {
      count.setValue(0);
      int rc =
          invoke(
              fn,
              () ->
                  lib.nvmlDeviceGetSamples(
                      device,
                      NvmlNative.GPU_UTILIZATION_SAMPLES,
                      lastSeenMicros,
                      type,
                      count,
                      null));
      if (rc == NvmlReturn.ERROR_NOT_FOUND.code()) {
        return List.of();
      }
      check(fn, rc);
      int capacity = count.getValue();
      if (capacity <= 0) {
        return List.of();
      }
      NvmlNative.Sample[] buffer = (NvmlNative.Sample[]) new NvmlNative.Sample().toArray(capacity);
      count.setValue(capacity);
      rc =
          invoke(
              fn,
              () ->
                  lib.nvmlDeviceGetSamples(
                      device,
                      NvmlNative.GPU_UTILIZATION_SAMPLES,
                      lastSeenMicros,
                      type,
                      count,
                      buffer[0]));
      if (rc == NvmlReturn.ERROR_NOT_FOUND.code()) {
        return List.of();
      }
      if (rc == NvmlReturn.ERROR_INSUFFICIENT_SIZE.code() && attempt == 0) {
        continue;
      }
      check(fn, rc);
      int filled = Math.min(count.getValue(), capacity);
      List<UtilizationSample> out = new ArrayList<>(filled);
      for (int i = 0; i < filled; i++) {
        buffer[i].read();
        out.add(
            new UtilizationSample(
                buffer[i].timeStamp, decode(buffer[i].sampleValue, type.getValue())));
      }
      return List.copyOf(out);
    }
  }

  /** True until the last reference is released and NVML is shut down. */
  public boolean isOpen() {
    lifecycle.readLock().lock();
    try {
      return references > 0;
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Releases the opener's reference (once; later calls do nothing). */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (openerReleased) {
        return;
      }
      openerReleased = true;
    } finally {
      lifecycle.writeLock().unlock();
    }
    release();
  }

  /** Takes a reference for a new user of this handle. */
  void retain() {
    lifecycle.writeLock().lock();
    try {
      if (references == 0) {
        throw new NvmlException(
            "nvmlInit_v2", NvmlReturn.ERROR_UNINITIALIZED, "this NVML handle was shut down", null);
      }
      references++;
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  /** Drops a reference taken by {@link #retain()}; the last one shuts NVML down. */
  void release() {
    lifecycle.writeLock().lock();
    try {
      Preconditions.checkState(references > 0, "NVML handle released more often than retained");
      if (--references > 0) {
        return;
      }
      int rc = lib.nvmlShutdown();
      if (rc != 0) {
        log.warn("{}", new NvmlException("nvmlShutdown", rc, errorString(rc)).getMessage());
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private Pointer handle(int index) {
    Preconditions.checkArgument(index >= 0, "GPU index must be non-negative: %s", index);
    Pointer cached = handles.get(index);
    if (cached != null) {
      return cached;
    }
    PointerByReference ref = new PointerByReference();
    check(
        "nvmlDeviceGetHandleByIndex_v2",
        invoke(
            "nvmlDeviceGetHandleByIndex_v2", () -> lib.nvmlDeviceGetHandleByIndex_v2(index, ref)));
    Pointer device = ref.getValue();
    handles.put(index, device);
    return device;
  }

  private int invoke(String function, IntSupplier call) {
    lifecycle.readLock().lock();
    try {
      if (references == 0) {
        throw new NvmlException(
            function, NvmlReturn.ERROR_UNINITIALIZED, "this NVML handle was shut down", null);
      }
      return call.getAsInt();
    } catch (UnsatisfiedLinkError e) {
      throw new NvmlException(
          function,
          NvmlReturn.ERROR_FUNCTION_NOT_FOUND,
          library + " does not export it (" + failureReason(e.getMessage()) + ")",
          e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private void check(String function, int rc) {
    if (rc != NvmlReturn.SUCCESS.code()) {
      throw new NvmlException(function, rc, errorString(rc));
    }
  }

  private String errorString(int rc) {
    try {
      return lib.nvmlErrorString(rc);
    } catch (UnsatisfiedLinkError e) {
      return "";
    }
  }

  // The union's active member is named by nvmlValueType_t; unsigned members are widened.
  private static double decode(NvmlNative.Value value, int type) {
    return switch (type) {
      case 0 -> value.dVal;
      case 1 -> Integer.toUnsignedLong(value.uiVal);
      case 2 -> UnsignedLong.fromLongBits(value.ulVal.longValue()).doubleValue();
      case 3 -> UnsignedLong.fromLongBits(value.ullVal).doubleValue();
      case 4 -> value.sllVal;
      case 5 -> value.siVal;
      default ->
          throw new NvmlException(
              "nvmlDeviceGetSamples",
              NvmlReturn.ERROR_UNKNOWN,
              "unknown nvmlValueType_t " + type,
              null);
    };
  }

  // JNA's messages start "Unable to load library 'x':" and give the reason on the next line.
  private static String failureReason(String message) {
    if (message == null) {
      return "";
    }
    String line =
        message
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.endsWith(":"))
            .findFirst()
            .orElse(message.strip());
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  /**
   * {@code nvmlUtilization_t}: percent of the last sample period a kernel ran / memory was read or
   * written.
   */
  public record UtilizationRates(long gpu, long memory) {}

  /**
   * Device memory in bytes: {@code used} by processes, {@code reserved} by the driver and firmware
   * (0 where the driver does not say), and {@code free} = total - reserved - used.
   */
  public record MemoryInfo(long total, long reserved, long free, long used) {

    /** What processes can use: the total less the driver's reserve. */
    public long usable() {
      return total - reserved;
    }
  }

  /** One {@code nvmlSample_t} of GPU utilization: CPU timestamp in microseconds, percent. */
  public record UtilizationSample(long timeStampMicros, double value) {}
}
