package org.trainer4j.training.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chainer's {@code test_early_stopping_trigger.py}: one observation per iteration (one iteration an
 * epoch) and the trigger's answer after each. (Chainer's {@code patients} keyword alias has no Java
 * counterpart.)
 */
class EarlyStoppingTriggerChainerCasesTest {

  @TempDir Path out;

  private List<Boolean> answers(EarlyStoppingTrigger trigger, String key, double... values) {
    return ObservedAnswers.of(trigger, out, key, values);
  }

  @Test
  void stopsWhenAnAccuracyHasNotRisenForPatienceChecks() {
    EarlyStoppingTrigger trigger =
        EarlyStoppingTrigger.builder()
            .monitor("main/accuracy")
            .patience(3)
            .checkTrigger(IntervalTrigger.epochs(1))
            .build();

    assertThat(answers(trigger, "main/accuracy", 0.5, 0.5, 0.6, 0.7, 0.6, 0.4, 0.3, 0.2))
        .containsExactly(false, false, false, false, false, false, true, true);
  }

  @Test
  void stopsWhenALossHasNotFallenForPatienceChecks() {
    EarlyStoppingTrigger trigger =
        EarlyStoppingTrigger.builder()
            .monitor("main/loss")
            .patience(3)
            .checkTrigger(IntervalTrigger.epochs(1))
            .build();

    assertThat(answers(trigger, "main/loss", 100, 80, 30, 10, 20, 24, 30, 35))
        .containsExactly(false, false, false, false, false, false, true, true);
  }

  @Test
  void stopsAtItsMaximumEpochs() {
    EarlyStoppingTrigger trigger =
        EarlyStoppingTrigger.builder()
            .monitor("main/loss")
            .patience(3)
            .checkTrigger(IntervalTrigger.epochs(1))
            .maxTrigger(IntervalTrigger.epochs(3))
            .build();

    assertThat(answers(trigger, "main/loss", 100, 80, 30)).containsExactly(false, false, true);
  }

  @Test
  void stopsAtItsMaximumIterations() {
    EarlyStoppingTrigger trigger =
        EarlyStoppingTrigger.builder()
            .monitor("main/loss")
            .patience(3)
            .checkTrigger(IntervalTrigger.epochs(1))
            .maxTrigger(IntervalTrigger.iterations(3))
            .build();

    assertThat(answers(trigger, "main/loss", 100, 80, 30)).containsExactly(false, false, true);
  }
}
