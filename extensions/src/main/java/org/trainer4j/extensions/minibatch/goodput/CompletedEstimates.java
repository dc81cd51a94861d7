package org.trainer4j.extensions.minibatch.goodput;

import java.util.ArrayList;
import java.util.List;
import org.trainer4j.serialization.Serializer;

/**
 * The raw estimates a reader of training's gradients has completed and its consumer has not yet
 * drained, kept in the snapshot. Not thread-safe: its owner synchronizes.
 */
final class CompletedEstimates {

  private final List<GradientNoise> estimates = new ArrayList<>();

  void add(GradientNoise estimate) {
    estimates.add(estimate);
  }

  /** The estimates completed since the last call, oldest first. */
  List<GradientNoise> drain() {
    List<GradientNoise> out = List.copyOf(estimates);
    estimates.clear();
    return out;
  }

  /** Saves them, or replaces them with the saved ones (after the owner checked its own state). */
  void serialize(Serializer s) {
    double[] packed = s.serializeDoubleArray("completed", GradientNoise.pack(estimates));
    if (s.isLoading()) {
      estimates.clear();
      estimates.addAll(GradientNoise.unpack(packed));
    }
  }
}
