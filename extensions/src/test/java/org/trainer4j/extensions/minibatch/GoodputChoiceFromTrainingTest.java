package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.trainer4j.extensions.minibatch.goodput.StepTime;
import org.trainer4j.extensions.minibatch.goodput.StepTimeModel;

/** Where a goodput search whose sizes only training times moves next. */
class GoodputChoiceFromTrainingTest {

  private static final IntUnaryOperator UP_TO_1024 = b -> Math.max(16, Math.min(1024, b));

  private static List<StepTime> trained(int... sizes) {
    return Arrays.stream(sizes).mapToObj(b -> StepTime.fromTraining(b, 0.002 + 1e-5 * b)).toList();
  }

  private static GoodputChoice choose(List<StepTime> timed, int argmax) {
    // One size fits no line: the search's own is proportional through it.
    StepTimeModel line =
        timed.size() == 1
            ? new StepTimeModel(0, timed.get(0).seconds() / timed.get(0).batchSize(), 0)
            : StepTimeModel.fit(timed);
    return GoodputChoice.fromTraining(timed, line, argmax, 2.0, 1, UP_TO_1024);
  }

  @Test
  void fromOneTimedSizeItMovesOneGrowthStepUpWhateverTheArgmax() {
    assertThat(choose(trained(32), 32).size()).isEqualTo(64);
    assertThat(choose(trained(32), 1000).size()).isEqualTo(64);
  }

  @Test
  void fromOneTimedSizeAtTheBoundItStays() {
    assertThat(choose(trained(1024), 1024).size()).isEqualTo(1024);
  }

  @Test
  void pastTheTimedSizesItMovesTowardsTheArgmaxByAtMostOneGrowthStep() {
    assertThat(choose(trained(32, 64), 500).size()).isEqualTo(128);
    assertThat(choose(trained(32, 64), 100).size()).isEqualTo(100);
  }

  @Test
  void anArgmaxLessThanTheRootOfAGrowthStepPastTheLargestKeepsTheLargest() {
    GoodputChoice kept = choose(trained(32, 64, 128), 170);
    assertThat(kept.size()).isEqualTo(128);
    assertThat(kept.note()).contains("the argmax 170 lies less than x1.41 past it");
    assertThat(choose(trained(32, 64, 128), 190).size()).isEqualTo(190);
  }

  @Test
  void anArgmaxAmongTheTimedSizesIsChosen() {
    assertThat(choose(trained(32, 64, 128), 80).size()).isEqualTo(80);
  }
}
