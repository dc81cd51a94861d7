package org.trainer4j.samples.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class VggStyleCnnTest {

  @Test
  void fiveStagesBringA32PixelImageDownTo2x2BeforeTheLastPooling() {
    var cnn = new VggStyleCnn(new int[] {4, 4, 8, 8, 8}, 2, 4);
    var net = cnn.build(Normalization.BATCH_NORM, 3, 32, 10, 1);

    var activations = net.feedForward(Nd4j.rand(2, 3, 32, 32), false);

    // Stage 5's last convolution: 2 examples x 8 channels x 2x2, then pooling to 1x1.
    long[] lastConv = null;
    for (var a : activations) {
      if (a.rank() == 4 && a.size(2) == 2) {
        lastConv = a.shape();
      }
    }
    assertThat(lastConv).containsExactly(2, 8, 2, 2);
    assertThat(activations.get(activations.size() - 1).shape()).containsExactly(2, 10);
  }

  @Test
  void rejectsMoreStagesThanTheImageCanBeHalved() {
    var cnn = new VggStyleCnn(new int[] {4, 4, 4, 4, 4, 4}, 1, 4);

    assertThatThrownBy(() -> cnn.build(Normalization.NONE, 3, 32, 10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("6 stages")
        .hasMessageContaining("at least 64 pixels")
        .hasMessageContaining("got 32");
  }
}
