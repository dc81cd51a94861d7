package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.trainer4j.extensions.minibatch.goodput.GoodputModel;
import org.trainer4j.extensions.minibatch.goodput.GradientNoise;
import org.trainer4j.extensions.minibatch.goodput.SmoothedGradientNoise;
import org.trainer4j.extensions.minibatch.goodput.StepTime;
import org.trainer4j.extensions.minibatch.goodput.StepTimeModel;

/** What a goodput search's detail says about the precision of its gradient noise estimates. */
class GoodputDetailTest {

  private static final StepTimeModel LINE =
      StepTimeModel.fit(List.of(new StepTime(32, 0.01), new StepTime(64, 0.012)));

  private static String detail(SmoothedGradientNoise noise) {
    return detail(noise, 1);
  }

  private static String detail(SmoothedGradientNoise noise, double criticalBatchFactor) {
    GoodputModel model = new GoodputModel(noise.cautious(), 32, LINE, criticalBatchFactor);
    return GoodputDetail.describe(noise, model, 64, 128, 1, 0);
  }

  @Test
  void aSingleEstimateHasAnUnknownErrorNotAZeroOne() {
    String one = detail(SmoothedGradientNoise.start(0.9).add(new GradientNoise(2, 400)));

    assertThat(one).startsWith("B_noise 200.0 +- ? (1 estimates at 128");
    assertThat(one).contains("|G|^2 2.00 +- ?, tr(Sigma) 400 +- ?");
  }

  @Test
  void twoEstimatesReportTheirSpread() {
    String two =
        detail(
            SmoothedGradientNoise.start(0.9)
                .add(new GradientNoise(2, 400))
                .add(new GradientNoise(4, 500)));

    assertThat(two).doesNotContain("?").contains("B_noise 148.3 +- 23 (2 estimates");
  }

  @Test
  void theEfficiencySaysWhichCriticalBatchItAssumed() {
    SmoothedGradientNoise noise = SmoothedGradientNoise.start(0.9).add(new GradientNoise(2, 400));

    // B_noise 200: at 64 relative to 32, (200 + 32) / (200 + 64), or (800 + 32) / (800 + 64).
    assertThat(detail(noise, 1)).endsWith("efficiency 0.879 vs 32");
    assertThat(detail(noise, 4))
        .startsWith("B_noise 200.0")
        .endsWith("efficiency 0.963 vs 32 (critical batch 4 x B_noise)");
  }
}
