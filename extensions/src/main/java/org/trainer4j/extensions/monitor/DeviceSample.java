package org.trainer4j.extensions.monitor;

/**
 * One reading of a device.
 *
 * @param utilization percent in [0, 100]
 * @param memoryUsed bytes in use (all processes on a GPU; this process on the host)
 * @param memoryTotal bytes available in total
 */
public record DeviceSample(double utilization, long memoryUsed, long memoryTotal) {}
