package org.trainer4j.extensions.minibatch.goodput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StepTimeTest {

  @Test
  void packedStepTimesUnpackToTheSameSizesAndSecondsInOrder() {
    List<StepTime> times = List.of(new StepTime(32, 0.1), new StepTime(64, 0.17));

    assertThat(StepTime.unpack(StepTime.pack(times))).isEqualTo(times);
    assertThat(StepTime.unpack(StepTime.pack(List.of()))).isEmpty();
  }

  @Test
  void aPackedArrayThatIsNotPairsIsRefusedNamingItsLength() {
    assertThatThrownBy(() -> StepTime.unpack(new double[] {32, 0.1, 64}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length 3");
  }
}
