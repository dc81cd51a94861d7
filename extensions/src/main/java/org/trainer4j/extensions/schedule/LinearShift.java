package org.trainer4j.extensions.schedule;

import com.google.common.base.Preconditions;

/**
 * Moves a hyperparameter linearly from {@code from} to {@code to} between calls {@code start} and
 * {@code end}; before {@code start} it is {@code from}, after {@code end} it is {@code to}.
 */
public final class LinearShift extends Shift {

  private final double from;
  private final double to;
  private final long start;
  private final long end;

  public LinearShift(String attr, double from, double to, long start, long end) {
    this(attr, from, to, start, end, "main");
  }

  public LinearShift(
      String attr, double from, double to, long start, long end, String optimizerName) {
    // Checked before Shift's own check, which would call from "init".
    super(attr, requireFinite(from, "from"), optimizerName);
    requireFinite(to, "to");
    Preconditions.checkArgument(
        0 <= start && start < end, "need 0 <= start < end: start %s, end %s", start, end);
    this.from = from;
    this.to = to;
    this.start = start;
    this.end = end;
  }

  @Override
  protected double valueAt(long t, double init) {
    if (t <= start) {
      return from;
    }
    if (t >= end) {
      return to;
    }
    return from + (to - from) * (t - start) / (double) (end - start);
  }
}
