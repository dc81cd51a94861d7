package org.trainer4j.extensions.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.TinyRun;
import org.trainer4j.extensions.schedule.ExponentialShift;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;

class ObserveLrTest {

  @TempDir Path out;

  @Test
  void reportsTheLearningRateTheEpochsLastUpdateUsed() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(2));
    trainer.extend(new ObserveLr());
    trainer.extend(new ExponentialShift("lr", 0.5), IntervalTrigger.epochs(1));
    LogReport log = new LogReport();
    trainer.extend(log);

    trainer.run();

    assertThat(log.getLog()).extracting(e -> e.get("lr")).containsExactly(0.05, 0.025);
  }

  @Test
  void observesAnyHyperparameterUnderAnyKey() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(1));
    trainer.extend(ObserveLr.of("main", "momentum", "opt/momentum"));
    LogReport log = new LogReport();
    trainer.extend(log);

    trainer.run();

    assertThat(log.getLog().get(0)).containsEntry("opt/momentum", 0.9);
  }
}
