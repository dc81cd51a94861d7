package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import org.trainer4j.extensions.monitor.DeviceMonitor;
import org.trainer4j.extensions.monitor.DeviceSample;

/** Memory of the device behind a {@link DeviceMonitor} (all processes' use on a GPU). */
final class DeviceMemoryGauge implements MemoryGauge {

  private final DeviceMonitor monitor;

  DeviceMemoryGauge(DeviceMonitor monitor) {
    this.monitor = Preconditions.checkNotNull(monitor, "monitor");
  }

  @Override
  public long usedBytes() {
    return monitor.sample().memoryUsed();
  }

  @Override
  public long limitBytes() {
    long total = monitor.sample().memoryTotal();
    return total > 0 ? total : Long.MAX_VALUE;
  }

  @Override
  public String describe() {
    DeviceSample s = monitor.sample();
    return String.format(
        "%s memory: %d of %d bytes used", monitor.deviceName(), s.memoryUsed(), s.memoryTotal());
  }
}
