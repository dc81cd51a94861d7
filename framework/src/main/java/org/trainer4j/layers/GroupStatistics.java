package org.trainer4j.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Per-example normalization over groups of channels, shared by GroupNorm and LayerNorm. */
final class GroupStatistics {

  private GroupStatistics() {}

  /**
   * {@code x} ({@code [n, C]} or {@code [n, C, h, w]}) with each example's channels split into
   * {@code groups} consecutive groups, each group shifted to mean 0 and scaled to variance 1 over
   * its channels and positions.
   */
  static SDVariable normalize(SameDiff sd, SDVariable x, long[] shape, int groups, double eps) {
    long channels = shape[1];
    long positions = shape.length == 4 ? shape[2] * shape[3] : 1;
    SDVariable grouped = x.reshape(-1, groups, channels / groups * positions);
    SDVariable centred = grouped.sub(grouped.mean(true, 2));
    SDVariable variance = sd.math().square(centred).mean(true, 2);
    SDVariable normalized = centred.div(sd.math().sqrt(variance.add(eps)));
    return shape.length == 4
        ? normalized.reshape(-1, channels, shape[2], shape[3])
        : normalized.reshape(-1, channels);
  }
}
