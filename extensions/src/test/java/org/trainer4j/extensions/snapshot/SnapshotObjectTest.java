package org.trainer4j.extensions.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.extensions.TinyRun;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Priority;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;

class SnapshotObjectTest {

  @TempDir Path dir;

  @Test
  void writesTheModelEveryEpochKeepingTheNewest() {
    Trainer trainer = TinyRun.trainer(dir, IntervalTrigger.epochs(3));
    trainer.extend(SnapshotObject.builder().nRetains(2).build());

    trainer.run();

    assertThat(dir.resolve("model_iter_4.zip")).doesNotExist();
    assertThat(dir.resolve("model_iter_8.zip")).exists();
    assertThat(dir.resolve("model_iter_12.zip")).exists();
  }

  @Test
  void autoloadRestoresTheNewestValidModelButNotTheTrainingPosition() throws IOException {
    Trainer first = TinyRun.trainer(dir, IntervalTrigger.epochs(2));
    first.extend(SnapshotObject.builder().build());
    first.run();
    Files.write(dir.resolve("model_iter_8.zip"), new byte[] {'P', 'K', 3, 4});
    Trainer firstAfterOneEpoch = TinyRun.trainer(dir.resolve("ref"), IntervalTrigger.epochs(1));
    firstAfterOneEpoch.run();

    Trainer second = TinyRun.trainer(dir, IntervalTrigger.iterations(1), 99, 8);
    SnapshotObject snapshot =
        SnapshotObject.builder().autoload(true).filename("model_iter_{iteration}.zip").build();
    second.extend(snapshot, IntervalTrigger.epochs(5));
    CaptureParams capture = new CaptureParams();
    second.extend(capture);
    second.run();

    assertThat(snapshot.autoloaded().orElseThrow().loaded())
        .isEqualTo(dir.resolve("model_iter_4.zip"));
    assertThat(snapshot.autoloaded().orElseThrow().skipped()).hasSize(1);
    assertThat(capture.params).isEqualTo(TinyRun.model(firstAfterOneEpoch).params());
    assertThat(second.getUpdater().getIteration()).isEqualTo(1);
  }

  /** Records the model's parameters in initialize, which runs after the snapshot's autoload. */
  private static final class CaptureParams implements Extension {
    INDArray params;

    @Override
    public void call(Trainer trainer) {}

    @Override
    public int defaultPriority() {
      return Priority.SNAPSHOT - 1;
    }

    @Override
    public void initialize(Trainer trainer) {
      params = TinyRun.model(trainer).params().dup();
    }
  }
}
