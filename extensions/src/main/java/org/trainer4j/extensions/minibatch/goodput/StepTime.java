package org.trainer4j.extensions.minibatch.goodput;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;

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

  /** {@code times} as one array of (size, seconds) pairs, for a snapshot. */
  public static double[] pack(List<StepTime> times) {
    double[] out = new double[2 * times.size()];
    for (int i = 0; i < times.size(); i++) {
      out[2 * i] = times.get(i).batchSize();
      out[2 * i + 1] = times.get(i).seconds();
    }
    return out;
  }

  /** The step times {@link #pack} wrote. */
  public static List<StepTime> unpack(double[] packed) {
    Preconditions.checkArgument(
        packed.length % 2 == 0,
        "packed step times need (size, seconds) pairs: length %s",
        packed.length);
    List<StepTime> out = new ArrayList<>();
    for (int i = 0; i < packed.length; i += 2) {
      out.add(new StepTime((int) packed[i], packed[i + 1]));
    }
    return List.copyOf(out);
  }
}
