package org.trainer4j.extensions.minibatch;

import java.util.List;
import org.trainer4j.extensions.minibatch.goodput.GoodputEstimate;
import org.trainer4j.extensions.minibatch.goodput.StepTime;
import org.trainer4j.serialization.Serializer;

/**
 * How the values a {@link GoodputOptimizer}'s searches left behind go into a snapshot and come
 * back: the step times the next re-estimate reuses (with which of them training measured) and the
 * history of estimates.
 */
final class GoodputSnapshot {

  private GoodputSnapshot() {}

  /** Writes {@code stepTimes}, or returns the ones loaded. */
  static List<StepTime> stepTimes(Serializer s, List<StepTime> stepTimes) {
    int[] trained = StepTime.trainedSizes(stepTimes);
    List<StepTime> out =
        StepTime.unpack(s.serializeDoubleArray("step_times", StepTime.pack(stepTimes)));
    // Snapshots from before training's step times were told apart have no sources: all probes'.
    if (!s.isLoading() || s.contains("trained_step_sizes")) {
      trained = s.serializeIntArray("trained_step_sizes", trained);
      out = StepTime.markTrained(out, trained);
    }
    return out;
  }

  /** Writes {@code history}, or replaces its contents with the estimates loaded. */
  static void history(Serializer s, List<GoodputEstimate> history) {
    double[] packed = s.serializeDoubleArray("history", GoodputEstimate.pack(history));
    if (s.isLoading()) {
      history.clear();
      history.addAll(GoodputEstimate.unpack(packed));
    }
  }
}
