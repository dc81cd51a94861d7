package org.trainer4j.extensions.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.TinyRun;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;

class ObserveValueTest {

  @TempDir Path out;

  @Test
  void reportsTheFunctionsValueOncePerEpochIntoTheLog() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(2));
    trainer.extend(
        new ObserveValue("batch_size", t -> t.getUpdater().getIterator().getBatchSize()));
    LogReport log = new LogReport();
    trainer.extend(log);

    trainer.run();

    assertThat(log.getLog()).extracting(e -> e.get("batch_size")).containsExactly(16.0, 16.0);
  }
}
