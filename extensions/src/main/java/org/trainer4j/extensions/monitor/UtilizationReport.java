package org.trainer4j.extensions.monitor;

import com.google.common.base.Preconditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Priority;
import org.trainer4j.training.Reporter;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * Samples device and host utilization in the background while training runs and, at its trigger
 * (every epoch by default), adds the period's figures to the trainer's observation for LogReport
 * and PlotReport. Keys: {@value #UTILIZATION} (mean percent), {@value #UTILIZATION_TOP50} (mean of
 * the upper half of the samples), {@value #MEMORY_USED} (bytes), {@value #AVAILABLE} (1, or 0 once
 * the device failed, when the device figures are NaN), {@value #HOST_CPU} (this process's CPU
 * percent) and {@value #HOST_MEMORY_USED} (its resident bytes). A failing device never stops
 * training.
 */
public final class UtilizationReport implements Extension {

  public static final String UTILIZATION = "device/utilization";
  public static final String UTILIZATION_TOP50 = "device/utilization_top50";
  public static final String MEMORY_USED = "device/memory_used";
  public static final String AVAILABLE = "device/available";
  public static final String HOST_CPU = "host/cpu";
  public static final String HOST_MEMORY_USED = "host/memory_used";

  private final DeviceMonitor givenDevice;
  private final Supplier<DeviceMonitor> opener;
  private final DeviceMonitor givenHost;
  private final Duration interval;
  private final List<DeviceMonitor> owned = new ArrayList<>();
  private UtilizationSampler device;
  private UtilizationSampler host;

  private UtilizationReport(Builder b) {
    this.givenDevice = b.device;
    this.opener = b.opener;
    this.givenHost = b.host;
    this.interval = b.interval;
  }

  /** A report on {@link DeviceMonitors#auto()} and the host CPU, sampled every second. */
  public UtilizationReport() {
    this(builder());
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Trigger defaultTrigger() {
    return IntervalTrigger.epochs(1);
  }

  // Before LogReport (READER) reads the observation of the same iteration, as Evaluator does.
  @Override
  public int defaultPriority() {
    return Priority.WRITER;
  }

  /** Opens the monitors it was not given and starts sampling. */
  @Override
  public void initialize(Trainer trainer) {
    stopSampling();
    DeviceMonitor d = givenDevice != null ? givenDevice : own(opener.get());
    DeviceMonitor h = givenHost != null ? givenHost : d.isGpu() ? own(new HostCpuMonitor()) : d;
    device = new UtilizationSampler(d, interval);
    device.start();
    if (h != d) {
      host = new UtilizationSampler(h, interval);
      host.start();
    } else {
      host = device;
    }
  }

  @Override
  public void call(Trainer trainer) {
    Preconditions.checkState(device != null, "UtilizationReport called before initialize");
    Reporter reporter = trainer.getReporter();
    device.sampleNow();
    UtilizationStats deviceStats = device.drain();
    UtilizationStats hostStats = host == device ? deviceStats : sampleAndDrain(host);
    if (device.isDeviceLost()) {
      reporter.report(UTILIZATION, Double.NaN);
      reporter.report(UTILIZATION_TOP50, Double.NaN);
      reporter.report(MEMORY_USED, Double.NaN);
      reporter.report(AVAILABLE, 0.0);
    } else {
      reporter.report(UTILIZATION, deviceStats.mean());
      reporter.report(UTILIZATION_TOP50, deviceStats.top50Mean());
      reporter.report(MEMORY_USED, memoryUsed(device));
      reporter.report(AVAILABLE, 1.0);
    }
    boolean hostAvailable = !host.isDeviceLost();
    reporter.report(HOST_CPU, hostAvailable ? hostStats.mean() : Double.NaN);
    reporter.report(HOST_MEMORY_USED, hostAvailable ? memoryUsed(host) : Double.NaN);
  }

  /** Stops sampling and closes the monitors this report opened. */
  @Override
  public void finish(Trainer trainer) {
    stopSampling();
  }

  private void stopSampling() {
    if (host != null && host != device) {
      host.close();
    }
    if (device != null) {
      device.close();
    }
    host = null;
    device = null;
    for (DeviceMonitor m : owned) {
      m.close();
    }
    owned.clear();
  }

  private DeviceMonitor own(DeviceMonitor monitor) {
    owned.add(monitor);
    return monitor;
  }

  private static UtilizationStats sampleAndDrain(UtilizationSampler sampler) {
    sampler.sampleNow();
    return sampler.drain();
  }

  private static double memoryUsed(UtilizationSampler sampler) {
    return sampler.lastSample().map(s -> (double) s.memoryUsed()).orElse(Double.NaN);
  }

  /** Configures a {@link UtilizationReport}. */
  public static final class Builder {
    private DeviceMonitor device;
    private DeviceMonitor host;
    private Duration interval = UtilizationSampler.DEFAULT_INTERVAL;
    private Supplier<DeviceMonitor> opener = DeviceMonitors::auto;

    private Builder() {}

    /**
     * How the report opens (and then owns and closes) its device monitor when none is given;
     * default {@link DeviceMonitors#auto()}.
     */
    public Builder openDevice(Supplier<DeviceMonitor> opener) {
      this.opener = Preconditions.checkNotNull(opener, "opener");
      return this;
    }

    /**
     * The device to report on; the caller keeps ownership. Default: {@link DeviceMonitors#auto()},
     * opened at initialize and closed at finish.
     */
    public Builder device(DeviceMonitor device) {
      this.device = Preconditions.checkNotNull(device, "device");
      return this;
    }

    /**
     * The host monitor behind {@value UtilizationReport#HOST_CPU}; the caller keeps ownership.
     * Default: the device monitor when it measures the CPU, else a {@link HostCpuMonitor} the
     * report opens.
     */
    public Builder host(DeviceMonitor host) {
      this.host = Preconditions.checkNotNull(host, "host");
      return this;
    }

    /**
     * Sampling interval, from {@link UtilizationSampler#MIN_INTERVAL} to {@link
     * UtilizationSampler#MAX_INTERVAL}; default 1 s.
     */
    public Builder interval(Duration interval) {
      Preconditions.checkNotNull(interval, "interval");
      Preconditions.checkArgument(
          interval.compareTo(UtilizationSampler.MIN_INTERVAL) >= 0,
          "interval must be at least %s: %s",
          UtilizationSampler.MIN_INTERVAL,
          interval);
      Preconditions.checkArgument(
          interval.compareTo(UtilizationSampler.MAX_INTERVAL) <= 0,
          "interval must be at most %s: %s",
          UtilizationSampler.MAX_INTERVAL,
          interval);
      this.interval = interval;
      return this;
    }

    public UtilizationReport build() {
      return new UtilizationReport(this);
    }
  }
}
