package org.trainer4j.extensions.monitor;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** A scripted monitor: returns the values the test sets, fails when told to, counts readings. */
final class FakeMonitor implements DeviceMonitor {

  private final boolean gpu;
  private final Semaphore readings = new Semaphore(0);
  private volatile double utilization;
  private volatile long memoryUsed;
  private volatile boolean failing;
  private volatile int calls;
  private volatile boolean closed;

  FakeMonitor(boolean gpu, double utilization, long memoryUsed) {
    this.gpu = gpu;
    this.utilization = utilization;
    this.memoryUsed = memoryUsed;
  }

  void setUtilization(double utilization) {
    this.utilization = utilization;
  }

  /** Every later reading throws, as a lost device does. */
  void fail() {
    failing = true;
  }

  int calls() {
    return calls;
  }

  boolean isClosed() {
    return closed;
  }

  /** Waits until {@code n} readings have been taken since the last wait (at most 30 s). */
  void awaitReadings(int n) throws InterruptedException {
    if (!readings.tryAcquire(n, 30, TimeUnit.SECONDS)) {
      throw new AssertionError("the sampler took fewer than " + n + " readings in 30 s");
    }
  }

  @Override
  public String deviceName() {
    return gpu ? "Fake GPU" : "Fake CPU";
  }

  @Override
  public String measures() {
    return "scripted values";
  }

  @Override
  public boolean isGpu() {
    return gpu;
  }

  @Override
  public synchronized DeviceSample sample() {
    calls++;
    try {
      if (failing) {
        throw new MonitorException("Fake GPU is lost");
      }
      return new DeviceSample(utilization, memoryUsed, 1000);
    } finally {
      readings.release();
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
