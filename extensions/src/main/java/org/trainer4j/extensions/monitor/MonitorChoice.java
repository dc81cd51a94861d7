package org.trainer4j.extensions.monitor;

/**
 * The monitor {@link DeviceMonitors} chose and why, in one line fit for a log or a console.
 *
 * @param monitor the chosen monitor; the caller owns it and closes it
 * @param reason which monitor and why, e.g. "NVML on GPU 0 ..." or "host CPU (OSHI): NVML ..."
 */
public record MonitorChoice(DeviceMonitor monitor, String reason) {}
