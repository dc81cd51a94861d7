package org.trainer4j.extensions.monitor;

import com.google.common.base.Preconditions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples a {@link DeviceMonitor} on a daemon thread at a fixed interval (1 s by default, as in the
 * seed paper; 100 ms at the finest, a day at the coarsest) between {@link #start()} and {@link
 * #stop()}. A device that fails mid-run stops the sampling, is logged once, and marks the stats as
 * device-lost. Thread-safe; {@link #stop()} and {@link #close()} wait for the thread to end.
 *
 * <p>Both monitors report utilization since their previous reading, so the reading {@link #start()}
 * takes describes the time before the start (the end of the previous phase, or idle): it is a
 * baseline, kept for memory but not counted; {@link #stop()} takes a closing reading so that the
 * time since the last periodic one counts. On an H200, counting the baseline put a 0 % reading into
 * a fully busy phase and a 50 % one into an idle phase.
 */
public final class UtilizationSampler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(UtilizationSampler.class);
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
  public static final Duration MIN_INTERVAL = Duration.ofMillis(100);
  // Longer intervals describe no phase of training; from about 292 years on, their nanoseconds
  // overflow the sampler thread's clock arithmetic.
  public static final Duration MAX_INTERVAL = Duration.ofDays(1);

  private final DeviceMonitor monitor;
  private final Duration interval;
  // The current or most recent run; each start() makes a new one, so a thread that outlives its
  // stop() (blocked in a native call) can never add to a later run.
  private Run run;

  public UtilizationSampler(DeviceMonitor monitor, Duration interval) {
    this.monitor = Preconditions.checkNotNull(monitor, "monitor");
    Preconditions.checkNotNull(interval, "interval");
    Preconditions.checkArgument(
        interval.compareTo(MIN_INTERVAL) >= 0, "interval must be at least 100 ms: %s", interval);
    Preconditions.checkArgument(
        interval.compareTo(MAX_INTERVAL) <= 0, "interval must be at most a day: %s", interval);
    this.interval = interval;
  }

  public UtilizationSampler(DeviceMonitor monitor) {
    this(monitor, DEFAULT_INTERVAL);
  }

  public DeviceMonitor monitor() {
    return monitor;
  }

  public Duration interval() {
    return interval;
  }

  /**
   * Starts sampling, discarding earlier samples. The baseline reading is taken on the calling
   * thread before this returns, so a device that cannot be read shows at once in {@link
   * #isDeviceLost()}; its utilization is not counted. The thread takes the following readings.
   */
  public synchronized void start() {
    Preconditions.checkState(run == null || run.stopped, "the sampler is already running");
    run = new Run();
    if (run.takeSample(false)) {
      run.thread.start();
    }
  }

  /**
   * Stops sampling, waits for the thread to end, takes a closing reading on the calling thread and
   * summarizes all readings since start.
   */
  public UtilizationStats stop() {
    Run stopping;
    synchronized (this) {
      Preconditions.checkState(run != null && !run.stopped, "the sampler is not running");
      stopping = run;
      stopping.finish();
    }
    stopping.join(interval);
    stopping.closingSample();
    stopping.seal();
    return stopping.stats(0);
  }

  /** Stats of the samples taken since start, while running or after {@link #stop()}. */
  public UtilizationStats snapshot() {
    Run r = current();
    return r == null ? UtilizationStats.empty(false) : r.stats(0);
  }

  /**
   * Stats of the samples taken since the previous drain (or since start), and begins a new window:
   * for reports that summarize each period between their calls.
   */
  public UtilizationStats drain() {
    Run r = current();
    return r == null ? UtilizationStats.empty(false) : r.drain();
  }

  /**
   * Takes one sample now on the calling thread, in addition to the periodic ones (so a window
   * shorter than the interval still has a reading). Does nothing unless running and the device is
   * readable.
   */
  public void sampleNow() {
    Run r = current();
    if (r != null) {
      r.takeSample(true);
    }
  }

  /** The latest reading of the current or last run, if any. */
  public Optional<DeviceSample> lastSample() {
    Run r = current();
    return r == null ? Optional.empty() : r.last();
  }

  /** True if the device failed during the current or last run, which ended sampling. */
  public boolean isDeviceLost() {
    Run r = current();
    return r != null && r.isLost();
  }

  /** True between {@link #start()} and {@link #stop()}, even once a lost device ended sampling. */
  public synchronized boolean isRunning() {
    return run != null && !run.stopped;
  }

  /** Stops sampling if running; does nothing otherwise. */
  @Override
  public void close() {
    if (isRunning()) {
      stop();
    }
  }

  private synchronized Run current() {
    return run;
  }

  /** One start-to-stop run: its thread, its samples, and whether the device was lost. */
  private final class Run {
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final Thread thread;
    private double[] values = new double[64];
    private int size;
    private int windowStart;
    private DeviceSample last;
    private boolean lost;
    // Set by stop(): no reading starts after it.
    private volatile boolean stopped;
    // Set once stop() has waited for the thread: a reading still in flight then is dropped.
    private boolean sealed;

    Run() {
      thread = new Thread(this::loop, "trainer4j-sampler-" + monitor.deviceName());
      thread.setDaemon(true);
    }

    void finish() {
      stopped = true;
      stopSignal.countDown();
    }

    void join(Duration interval) {
      long waitMillis = interval.toMillis() * 2 + 1000;
      try {
        thread.join(waitMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (thread.isAlive()) {
        log.warn(
            "sampler thread of {} still blocked in a reading after {} ms; it is a daemon and"
                + " ends when the reading returns",
            monitor.deviceName(),
            waitMillis);
      }
    }

    synchronized void seal() {
      sealed = true;
    }

    void loop() {
      long period = interval.toNanos();
      long next = System.nanoTime();
      do {
        next += period;
        long now = System.nanoTime();
        if (next < now) {
          next = now; // a slow reading: keep the interval, do not burst to catch up
        }
        try {
          if (stopSignal.await(next - now, TimeUnit.NANOSECONDS)) {
            return;
          }
        } catch (InterruptedException e) {
          return;
        }
      } while (takeSample(true));
    }

    /** The reading stop() takes after the thread ended, unless the device was lost. */
    void closingSample() {
      synchronized (this) {
        if (lost || sealed) {
          return;
        }
      }
      read(true);
    }

    /**
     * Reads the monitor once, counting its utilization if {@code counted}; false once the device is
     * lost or the run stopped.
     */
    boolean takeSample(boolean counted) {
      synchronized (this) {
        if (lost || stopped) {
          return false;
        }
      }
      return read(counted);
    }

    private boolean read(boolean counted) {
      DeviceSample sample;
      try {
        sample = monitor.sample();
      } catch (RuntimeException e) {
        markLost(e);
        return false;
      }
      synchronized (this) {
        if (sealed) {
          return false;
        }
        last = sample;
        if (counted && Double.isFinite(sample.utilization())) {
          if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
          }
          values[size++] = sample.utilization();
        }
        return true;
      }
    }

    private void markLost(RuntimeException e) {
      synchronized (this) {
        if (lost || sealed) {
          return;
        }
        lost = true;
      }
      log.warn(
          "utilization sampling of {} stopped, device unavailable: {}",
          monitor.deviceName(),
          e.getMessage() != null ? e.getMessage() : e.toString());
    }

    synchronized UtilizationStats stats(int from) {
      return UtilizationStats.of(Arrays.copyOfRange(values, from, size), lost);
    }

    synchronized UtilizationStats drain() {
      UtilizationStats stats = stats(windowStart);
      windowStart = size;
      return stats;
    }

    synchronized Optional<DeviceSample> last() {
      return Optional.ofNullable(last);
    }

    synchronized boolean isLost() {
      return lost;
    }
  }
}
