package org.trainer4j.layers;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Per-example normalization over groups of channels, shared by GroupNorm and LayerNorm. */
final class GroupStatistics {

  private GroupStatistics() {}

  /**
   * {@code x} ({@code [n, C]} or {@code [n, C, h, w]}) with each example's channels split into
   * {@code groups} consecutive groups, each group shifted to mean 0 and scaled to variance 1 over
   * its channels and positions.
   */
  static SDVariable normalize(SameDiff sd, SDVariable x, int groups, double eps) {
    // The graph is defined once, from the first input, and reused for inputs of any height and
    // width, so the reshapes take the batch and spatial sizes from each input, not from the
    // static shape of the first.
    SDVariable inputShape = sd.shape(x).castTo(DataType.LONG);
    SDVariable batch = inputShape.get(SDIndex.interval(0, 1));
    SDVariable groupedShape =
        sd.concat(0, batch, sd.constant(Nd4j.createFromArray((long) groups, -1L)));
    SDVariable grouped = x.reshape(groupedShape);
    SDVariable centred = grouped.sub(grouped.mean(true, 2));
    SDVariable variance = sd.math().square(centred).mean(true, 2);
    SDVariable normalized = centred.div(sd.math().sqrt(variance.add(eps)));
    return normalized.reshape(inputShape);
  }
}
