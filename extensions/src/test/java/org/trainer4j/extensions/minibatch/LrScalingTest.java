package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LrScalingTest {

  @Test
  void noneKeepsTheLearningRate() {
    assertThat(LrScaling.NONE.factor(32, 256)).isEqualTo(1.0);
  }

  @Test
  void linearFollowsTheSizeRatio() {
    assertThat(LrScaling.LINEAR.factor(32, 256)).isEqualTo(8.0);
    assertThat(LrScaling.LINEAR.factor(64, 16)).isEqualTo(0.25);
  }

  @Test
  void sqrtFollowsTheSquareRootOfTheSizeRatio() {
    assertThat(LrScaling.SQRT.factor(32, 128)).isCloseTo(2.0, within(1e-12));
  }

  @Test
  void rejectsNonPositiveSizesNamingThem() {
    assertThatThrownBy(() -> LrScaling.LINEAR.factor(0, 4)).hasMessageContaining("0, 4");
  }
}
