package org.trainer4j.extensions.minibatch.goodput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StepTimeModelTest {

  @Test
  void recoversAnExactLine() {
    StepTimeModel model =
        StepTimeModel.fit(
            List.of(new StepTime(16, 0.0216), new StepTime(64, 0.0264), new StepTime(256, 0.0456)));

    assertThat(model.fixedSeconds()).isCloseTo(0.02, within(1e-12));
    assertThat(model.perExampleSeconds()).isCloseTo(1e-4, within(1e-12));
    assertThat(model.maxRelativeResidual()).isCloseTo(0, within(1e-9));
    assertThat(model.throughput(100)).isCloseTo(100 / 0.03, within(1e-6));
  }

  @Test
  void weighsResidualsRelativeToTheMeasuredTime() {
    // Points on t = 0.01 s + 0.01 s * B: the 20 ms step at size 1 counts as much as the 4 s one,
    // where plain least squares would let the large steps' absolute residuals dominate.
    StepTimeModel model =
        StepTimeModel.fit(
            List.of(
                new StepTime(1, 0.02),
                new StepTime(100, 1.01 * 1.01),
                new StepTime(200, 2.01 / 1.01),
                new StepTime(400, 4.01 * 1.01)));

    assertThat(model.seconds(1)).isCloseTo(0.02, within(0.0004));
    assertThat(model.maxRelativeResidual()).isBetween(0.005, 0.02);
  }

  @Test
  void neverFitsStepsThatGetFasterWithMoreExamples() {
    StepTimeModel model =
        StepTimeModel.fit(List.of(new StepTime(32, 0.050), new StepTime(64, 0.048)));

    assertThat(model.perExampleSeconds()).isZero();
    assertThat(model.fixedSeconds()).isBetween(0.048, 0.050);
  }

  @Test
  void neverFitsANegativeFixedCost() {
    StepTimeModel model =
        StepTimeModel.fit(List.of(new StepTime(10, 0.009), new StepTime(100, 0.1)));

    assertThat(model.fixedSeconds()).isZero();
    assertThat(model.perExampleSeconds()).isBetween(0.0009, 0.001);
  }

  @Test
  void needsTwoDistinctBatchSizes() {
    assertThatThrownBy(
            () -> StepTimeModel.fit(List.of(new StepTime(32, 0.05), new StepTime(32, 0.06))))
        .hasMessageContaining("at least 2 distinct batch sizes");
  }

  @Test
  void refusesNonPositiveMeasurements() {
    assertThatThrownBy(() -> new StepTime(32, 0)).hasMessageContaining("seconds");
    assertThatThrownBy(() -> new StepTime(0, 1)).hasMessageContaining("batchSize");
  }

  @Test
  void
      earlierProbesAreScaledToTheCurrentTimesByTheirMedianRatioSoOneDisturbedTimingDoesNotMoveThem() {
    // t(B) = 20 ms + 0.1 ms x B. The earlier probes ran 3x slow; of the current times 1024 was
    // timed 2x slow (a disturbance), the others are true.
    List<StepTime> earlier =
        List.of(
            new StepTime(32, 3 * t(32)),
            new StepTime(64, 3 * t(64)),
            new StepTime(128, 3 * t(128)));
    List<StepTime> current =
        List.of(
            StepTime.fromTraining(256, t(256)),
            new StepTime(512, t(512)),
            new StepTime(1024, 2 * t(1024)));

    StepTimeModel line = StepTimeModel.fitAcrossConditions(current, earlier);

    // Scaled by the median ratio (1/3) the earlier probes are exact, and only 1024 is off.
    assertThat(line.seconds(32)).isCloseTo(t(32), within(0.1 * t(32)));
    assertThat(line.seconds(128)).isCloseTo(t(128), within(0.1 * t(128)));
  }

  private static double t(int b) {
    return 0.02 + 1e-4 * b;
  }
}
