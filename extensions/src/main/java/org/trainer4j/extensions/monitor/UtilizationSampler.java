package org.trainer4j.extensions.monitor;

import com.google.common.base.Preconditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples a {@link DeviceMonitor} on a daemon thread at a fixed interval (1 s by default, as in
 * the seed paper; 100 ms at the finest) between {@link #start()} and {@link #stop()}. A device
 * that fails mid-run stops the sampling, is logged once, and marks the stats as device-lost.
 */
public final class UtilizationSampler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(UtilizationSampler.class);
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
  public static final Duration MIN_INTERVAL = Duration.ofMillis(100);

  private final DeviceMonitor monitor;
  private final Duration interval;
  private final List<Double> samples = new ArrayList<>();
  private final AtomicBoolean lost = new AtomicBoolean();
  private Thread thread;
  private volatile boolean running;

  public UtilizationSampler(DeviceMonitor monitor, Duration interval) {
    this.monitor = Preconditions.checkNotNull(monitor, "monitor");
    Preconditions.checkNotNull(interval, "interval");
    Preconditions.checkArgument(
        interval.compareTo(MIN_INTERVAL) >= 0, "interval must be at least 100 ms: %s", interval);
    this.interval = interval;
  }

  public UtilizationSampler(DeviceMonitor monitor) {
    this(monitor, DEFAULT_INTERVAL);
  }

  public DeviceMonitor monitor() {
    return monitor;
  }

  /** Starts sampling, discarding earlier samples. */
  public synchronized void start() {
    Preconditions.checkState(thread == null, "the sampler is already running");
    synchronized (samples) {
      samples.clear();
    }
    lost.set(false);
    running = true;
    thread = new Thread(this::loop, "trainer4j-utilization-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops sampling, waits for the thread to end, and summarizes the samples. */
  public synchronized UtilizationStats stop() {
    Preconditions.checkState(thread != null, "the sampler is not running");
    running = false;
    thread.interrupt();
    try {
      thread.join(interval.toMillis() * 2 + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread = null;
    return snapshot();
  }

  /** Stats of the samples taken so far, while running or after {@link #stop()}. */
  public UtilizationStats snapshot() {
    double[] values;
    synchronized (samples) {
      values = samples.stream().mapToDouble(Double::doubleValue).toArray();
    }
    return UtilizationStats.of(values, lost.get());
  }

  /** True while the sampler thread runs. */
  public synchronized boolean isRunning() {
    return thread != null;
  }

  @Override
  public synchronized void close() {
    if (thread != null) {
      stop();
    }
  }

  private void loop() {
    long next = System.nanoTime();
    while (running) {
      try {
        double u = monitor.sample().utilization();
        synchronized (samples) {
          samples.add(u);
        }
      } catch (MonitorException e) {
        lost.set(true);
        log.warn("utilization sampling stopped: {}", e.getMessage());
        return;
      }
      next += interval.toNanos();
      long sleep = next - System.nanoTime();
      if (sleep > 0) {
        try {
          Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
