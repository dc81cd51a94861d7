package org.trainer4j.extensions.minibatch;

import java.time.Duration;
import org.trainer4j.extensions.monitor.DeviceMonitor;
import org.trainer4j.extensions.monitor.UtilizationSampler;
import org.trainer4j.extensions.monitor.UtilizationStats;

/**
 * Records device utilization while a loop of training steps runs: started before the steps, stopped
 * after them. The default samples on a background thread ({@link UtilizationSampler}); tests
 * substitute a recorder driven by a fake clock.
 */
public interface UtilizationRecorder {

  /** Starts recording, discarding earlier samples. */
  void start();

  /** Stops recording and summarizes the samples taken since {@link #start()}. */
  UtilizationStats stop();

  /** Samples {@code monitor} every {@code interval} on a background thread. */
  static UtilizationRecorder sampling(DeviceMonitor monitor, Duration interval) {
    UtilizationSampler sampler = new UtilizationSampler(monitor, interval);
    return new UtilizationRecorder() {
      @Override
      public void start() {
        sampler.start();
      }

      @Override
      public UtilizationStats stop() {
        return sampler.stop();
      }
    };
  }
}
