package org.trainer4j.extensions.minibatch.goodput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.trainer4j.extensions.TinyRun;
import org.trainer4j.extensions.minibatch.LrScaling;
import org.trainer4j.extensions.schedule.ExponentialShift;
import org.trainer4j.extensions.schedule.InverseShift;
import org.trainer4j.extensions.schedule.LinearShift;
import org.trainer4j.extensions.schedule.MultistepShift;
import org.trainer4j.extensions.schedule.PolynomialShift;
import org.trainer4j.extensions.schedule.Shift;
import org.trainer4j.extensions.schedule.StepShift;
import org.trainer4j.extensions.schedule.WarmupShift;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Priority;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;

class LrRuleTest {

  @TempDir Path out;

  @Test
  void theFixedRulesAgreeWithLrScalingAtEverySize() {
    for (LrScaling scaling : LrScaling.values()) {
      for (int to : new int[] {1, 7, 32, 100, 4096}) {
        assertThat(LrRule.of(scaling).factor(32, to, null)).isEqualTo(scaling.factor(32, to));
      }
    }
    assertThat(LrRule.SQRT.factor(32, 128, null)).isCloseTo(2, within(1e-12));
    assertThat(LrRule.LINEAR.factor(32, 8, null)).isEqualTo(0.25);
    assertThat(LrRule.NONE.factor(32, 8, null)).isEqualTo(1);
  }

  @Test
  void adaScaleIsTheGainOfTheGradientStatistics() {
    // var = 96 / 32 = 3, sqr = 1, S = 4: (3 + 1) / (3 / 4 + 1) = 16 / 7.
    GradientNoise noise = new GradientNoise(1, 96);

    assertThat(LrRule.ADASCALE.factor(32, 128, noise)).isCloseTo(16.0 / 7, within(1e-12));
    assertThat(LrRule.ADASCALE.needsGradientStatistics()).isTrue();
    assertThat(LrRule.SQRT.needsGradientStatistics()).isFalse();
  }

  @Test
  void adaScaleIsLinearForPureNoiseAndFlatForPureSignal() {
    assertThat(LrRule.ADASCALE.factor(32, 256, new GradientNoise(0, 5)))
        .isCloseTo(LrRule.LINEAR.factor(32, 256, null), within(1e-12));
    assertThat(LrRule.ADASCALE.factor(32, 256, new GradientNoise(5, 0)))
        .isCloseTo(LrRule.NONE.factor(32, 256, null), within(1e-12));
  }

  @Test
  void adaScaleRefusesToGuessWithoutStatistics() {
    assertThatThrownBy(() -> LrRule.ADASCALE.factor(32, 64, null))
        .hasMessageContaining("needs gradient statistics");
  }

  @Test
  void parsesNamesInAnyCaseAndListsTheKnownOnes() {
    assertThat(LrRule.parse("AdaScale")).isEqualTo(LrRule.ADASCALE);
    assertThat(LrRule.parse("sqrt")).isEqualTo(LrRule.SQRT);
    assertThatThrownBy(() -> LrRule.parse("cubic")).hasMessageContaining("none, linear, sqrt");
  }

  @Test
  void rescaleTowardsUndoesWhatWasAppliedBeforeApplyingTheTarget() {
    assertThat(LrRule.rescaleTowards(4, 2)).isEqualTo(0.5);
    assertThat(LrRule.rescaleTowards(1, 3)).isEqualTo(3);
    assertThatThrownBy(() -> LrRule.rescaleTowards(0, 2)).hasMessageContaining("appliedScale");
  }

  static Stream<Arguments> schedules() {
    List<Supplier<Shift>> shifts =
        List.of(
            () -> new ExponentialShift("lr", 0.5),
            () -> new LinearShift("lr", 0.05, 0.01, 0, 6),
            () -> new StepShift("lr", 0.5, 2),
            () -> new MultistepShift("lr", 0.1, 2, 4),
            () -> new InverseShift("lr", 0.1, 1.0),
            () -> new PolynomialShift("lr", 0.5, 10),
            () -> new WarmupShift("lr", 0.001, 4));
    return shifts.stream().map(s -> Arguments.of(s.get().getClass().getSimpleName(), s));
  }

  /**
   * Re-estimates after updates 1 and 3 move the size 16 -> 64 -> 32 under the linear rule: later
   * updates use the schedule's own rate times 4, then times 2, never 8.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("schedules")
  void followsEveryScheduleThroughRepeatedResizes(String name, Supplier<Shift> schedule) {
    List<Double> unscaled = ratesUsed(schedule.get(), false);
    List<Double> rescaled = ratesUsed(schedule.get(), true);

    double[] expected = {1, 4, 4, 2, 2, 2};
    for (int i = 0; i < expected.length; i++) {
      assertThat(rescaled.get(i) / unscaled.get(i))
          .as("update %s", i + 1)
          .isCloseTo(expected[i], within(1e-9));
    }
  }

  private List<Double> ratesUsed(Shift shift, boolean resize) {
    Trainer trainer =
        TinyRun.trainer(out.resolve(resize ? "r" : "u"), IntervalTrigger.iterations(6));
    List<Double> used = new ArrayList<>();
    trainer.extend(
        Extensions.builder("used", t -> used.add(t.getUpdater().getOptimizer().getLearningRate()))
            .priority(Priority.WRITER)
            .build());
    trainer.extend(shift);
    if (resize) {
      // Between recording the rate an update used and the schedule setting the next one, as a
      // minibatch-size optimizer re-estimating in the middle of training would.
      trainer.extend(
          Extensions.builder("resize", t -> resize(t, shift)).priority(Priority.EDITOR).build());
    }
    trainer.run();
    return used;
  }

  private static void resize(Trainer trainer, Shift shift) {
    long iteration = trainer.getUpdater().getIteration();
    if (iteration != 1 && iteration != 3) {
      return;
    }
    int size = iteration == 1 ? 64 : 32;
    double delta = LrRule.rescaleTowards(shift.scale(), LrRule.LINEAR.factor(16, size, null));
    Optimizer optimizer = trainer.getUpdater().getOptimizer();
    optimizer.setLearningRate(optimizer.getLearningRate() * delta);
    shift.rescale(delta);
  }
}
