package org.trainer4j.extensions.minibatch.goodput;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One measured training step time: {@code seconds} per step at {@code batchSize}, the median of a
 * probe's timed windows or of training's own steps at that size.
 *
 * @param fromTraining whether training measured it, in its steady state; a probe times a copy for a
 *     few steps, which on the full-data MLP ran up to 4x slower per example right after the JVM
 *     started than training at the same size did
 */
public record StepTime(int batchSize, double seconds, boolean fromTraining) {

  public StepTime {
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive: %s", batchSize);
    Preconditions.checkArgument(
        seconds > 0 && Double.isFinite(seconds), "seconds must be positive: %s", seconds);
  }

  /** A probe's step time. */
  public StepTime(int batchSize, double seconds) {
    this(batchSize, seconds, false);
  }

  /** Training's own step time at {@code batchSize}. */
  public static StepTime fromTraining(int batchSize, double seconds) {
    return new StepTime(batchSize, seconds, true);
  }

  /** The sizes of {@code times} that training measured, for a snapshot beside {@link #pack}. */
  public static int[] trainedSizes(List<StepTime> times) {
    return times.stream().filter(StepTime::fromTraining).mapToInt(StepTime::batchSize).toArray();
  }

  /** {@code times} with those at {@code trainedSizes} marked as measured by training. */
  public static List<StepTime> markTrained(List<StepTime> times, int[] trainedSizes) {
    List<StepTime> out = new ArrayList<>();
    for (StepTime t : times) {
      boolean trained = Arrays.stream(trainedSizes).anyMatch(b -> b == t.batchSize());
      out.add(new StepTime(t.batchSize(), t.seconds(), trained));
    }
    return List.copyOf(out);
  }

  /** {@code times} as one array of (size, seconds) pairs, for a snapshot (without the source). */
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
