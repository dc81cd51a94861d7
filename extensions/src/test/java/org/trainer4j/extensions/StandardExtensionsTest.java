package org.trainer4j.extensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.report.LogReport;
import org.trainer4j.parallel.ReplicaGroup;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;

class StandardExtensionsTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private Trainer job(Path out, int epochs, boolean resume) {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(epochs));
    StandardExtensions.install(
        trainer,
        StandardExtensions.options()
            .validation(TinyRun.validation())
            .resume(resume)
            .progressBar(false)
            .out(stream)
            .build());
    return trainer;
  }

  @Test
  void aTinyRunWritesTheLogTablePlotsAndSnapshots() throws IOException {
    job(dir, 2, false).run();

    assertThat(dir.resolve("log")).exists();
    assertThat(ImageIO.read(dir.resolve("loss.png").toFile())).isNotNull();
    assertThat(ImageIO.read(dir.resolve("accuracy.png").toFile())).isNotNull();
    assertThat(dir.resolve("snapshot_iter_4")).exists();
    assertThat(dir.resolve("snapshot_iter_8")).exists();
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .hasSize(3)
        .first()
        .asString()
        .contains("validation/main/accuracy");
  }

  @Test
  void resumeContinuesTheLogFromTheNewestSnapshot() {
    job(dir, 2, false).run();
    bytes.reset();

    Trainer resumed = job(dir, 3, true);
    resumed.run();

    LogReport log = (LogReport) resumed.getExtension("LogReport");
    assertThat(log.getLog()).extracting(e -> e.get("epoch")).containsExactly(1.0, 2.0, 3.0);
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).hasSize(2);
  }

  @Test
  void anOutputDirectoryBelowARegularFileFailsBeforeTheFirstIteration() throws IOException {
    Files.writeString(dir.resolve("file"), "x");
    Trainer trainer = job(dir.resolve("file").resolve("out"), 1, false);

    assertThatThrownBy(trainer::run)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("not writable");
    assertThat(trainer.getUpdater().getIteration()).isZero();
  }

  @Test
  void ranksOtherThanZeroOnlyEvaluateObserveAndSnapshot() {
    ReplicaGroup group = new ReplicaGroup(2, Duration.ofSeconds(1));
    Trainer rank1 = TinyRun.trainerOn(dir, IntervalTrigger.epochs(1), group.communicator(1));
    Trainer rank0 = TinyRun.trainerOn(dir, IntervalTrigger.epochs(1), group.communicator(0));
    StandardExtensions.Options options =
        StandardExtensions.options().validation(TinyRun.validation()).out(stream).build();

    StandardExtensions.install(rank1, options);
    StandardExtensions.install(rank0, options);

    assertThat(rank1.extensionEntries())
        .extracting(Trainer.ExtensionEntry::name)
        .containsExactly("validation", "ObserveLr", "Snapshot");
    assertThat(rank0.extensionEntries())
        .extracting(Trainer.ExtensionEntry::name)
        .contains("LogReport", "PrintReport", "ProgressBar", "Snapshot");
  }
}
