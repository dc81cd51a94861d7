package org.trainer4j.extensions.minibatch;

import org.trainer4j.extensions.monitor.DeviceMonitor;
import org.trainer4j.extensions.monitor.UtilizationStats;

/**
 * A utilization recorder on a fake clock: at stop, it reads the monitor once per whole sampling
 * interval that passed since start, as a background sampler would have.
 */
final class ClockedRecorder implements UtilizationRecorder {

  private final DeviceMonitor monitor;
  private final FakeTicker ticker;
  private final double intervalSeconds;
  private long startNanos;

  ClockedRecorder(DeviceMonitor monitor, FakeTicker ticker, double intervalSeconds) {
    this.monitor = monitor;
    this.ticker = ticker;
    this.intervalSeconds = intervalSeconds;
  }

  @Override
  public void start() {
    startNanos = ticker.read();
  }

  @Override
  public UtilizationStats stop() {
    int n = (int) Math.floor((ticker.read() - startNanos) / 1e9 / intervalSeconds);
    double[] samples = new double[n];
    for (int i = 0; i < n; i++) {
      samples[i] = monitor.sample().utilization();
    }
    return UtilizationStats.of(samples, false);
  }
}
