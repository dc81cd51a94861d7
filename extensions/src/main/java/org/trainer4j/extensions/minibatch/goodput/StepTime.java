package org.trainer4j.extensions.minibatch.goodput;

import com.google.common.base.Preconditions;

/**
 * One measured training step time: {@code seconds} per step at {@code batchSize}, typically the
 * median of a probe's timed windows.
 */
public record StepTime(int batchSize, double seconds) {

  public StepTime {
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive: %s", batchSize);
    Preconditions.checkArgument(
        seconds > 0 && Double.isFinite(seconds), "seconds must be positive: %s", seconds);
  }
}
