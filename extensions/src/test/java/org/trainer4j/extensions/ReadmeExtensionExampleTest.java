package org.trainer4j.extensions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.evaluation.Evaluator;
import org.trainer4j.extensions.report.LogReport;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Priority;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.triggers.IntervalTrigger;

/** Keeps the "write your own extension" example in docs/extensions.md compiling and working. */
class ReadmeExtensionExampleTest {

  @TempDir Path out;

  /**
   * Counts the epochs whose validation loss was below a threshold. (Copied from
   * docs/extensions.md.)
   */
  public static final class CountGoodEpochs implements Extension {
    private final double threshold;
    private long goodEpochs;

    public CountGoodEpochs(double threshold) {
      this.threshold = threshold;
    }

    @Override
    public void call(Trainer trainer) {
      Double loss = trainer.getObservation().get("validation/main/loss");
      if (loss != null && loss < threshold) {
        goodEpochs++;
      }
      trainer.getReporter().report("good_epochs", goodEpochs);
    }

    @Override
    public Trigger defaultTrigger() {
      return IntervalTrigger.epochs(1);
    }

    @Override
    public int defaultPriority() {
      return Priority.EDITOR; // after the Evaluator (WRITER), before LogReport (READER)
    }

    @Override
    public void serialize(Serializer s) {
      goodEpochs = s.serializeLong("good_epochs", goodEpochs);
    }
  }

  @Test
  void theExampleExtensionReportsIntoTheLog() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(2));
    trainer.extend(Evaluator.of(TinyRun.validation()));
    trainer.extend(new CountGoodEpochs(100));
    LogReport log = new LogReport();
    trainer.extend(log);

    trainer.run();

    assertThat(log.getLog()).extracting(e -> e.get("good_epochs")).containsExactly(1.0, 2.0);
  }
}
