package org.trainer4j.training.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.testing.LogCapture;
import org.trainer4j.training.Trigger;

/**
 * The triggers that watch an observed value, when a value is NaN (a diverged interval) or the key
 * is never observed: one observation per iteration, one iteration an epoch.
 */
class DivergedAndMissingValueTriggersTest {

  @TempDir Path out;

  @RegisterExtension final LogCapture logs = LogCapture.of(EarlyStoppingTrigger.class);

  private List<Boolean> answers(Trigger trigger, String key, double... values) {
    return ObservedAnswers.of(trigger, out, key, values);
  }

  @Test
  void aDivergedIntervalIsNeverTheBestSoLaterImprovementsStillFire() {
    MinValueTrigger trigger = new MinValueTrigger("main/loss", IntervalTrigger.iterations(1));

    assertThat(answers(trigger, "main/loss", Double.NaN, 8, 7, 9, 6))
        .containsExactly(false, true, true, false, true);
    assertThat(trigger.best()).isEqualTo(6.0);
  }

  @Test
  void aDivergedCheckCountsAgainstThePatienceButDoesNotBlockImprovement() {
    EarlyStoppingTrigger trigger =
        EarlyStoppingTrigger.builder()
            .monitor("main/loss")
            .patience(2)
            .checkTrigger(IntervalTrigger.epochs(1))
            .build();

    assertThat(answers(trigger, "main/loss", Double.NaN, 8, 7, 6, 5))
        .containsExactly(false, false, false, false, false);
    assertThat(trigger.best()).isEqualTo(5.0);
    EarlyStoppingTrigger diverging =
        EarlyStoppingTrigger.builder().monitor("main/loss").patience(2).build();
    assertThat(answers(diverging, "main/loss", 8, Double.NaN, Double.NaN))
        .containsExactly(false, false, true);
  }

  @Test
  void aMonitorNeverObservedIsWarnedAboutOnceNamingTheKeysThatWere() {
    EarlyStoppingTrigger trigger =
        EarlyStoppingTrigger.builder()
            .monitor("main/los")
            .patience(2)
            .checkTrigger(IntervalTrigger.epochs(1))
            .build();

    assertThat(answers(trigger, "main/loss", 8, 9, 10, 11)).containsOnly(false);

    assertThat(logs.events()).hasSize(1);
    assertThat(logs.events().get(0).getFormattedMessage())
        .contains("no 'main/los' was observed")
        .contains("main/loss");
  }
}
