package org.trainer4j.extensions.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.TinyRun;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;

/** What a snapshot extension writes when the trainer stops on request (preemption). */
class SnapshotOnStopTest {

  @TempDir Path out;

  /** Requests a stop after {@code iteration} (or throws there, when {@code fail}). */
  private static Extension stopAfter(long iteration, boolean fail) {
    return new Extension() {
      @Override
      public String defaultName() {
        return "stopper";
      }

      @Override
      public void call(Trainer t) {
        if (t.getUpdater().getIteration() == iteration) {
          if (fail) {
            throw new IllegalStateException("boom");
          }
          t.requestStop("test");
        }
      }
    };
  }

  private Stream<String> snapshots() throws IOException {
    return Files.list(out)
        .map(p -> p.getFileName().toString())
        .filter(n -> n.startsWith("snapshot_iter_"))
        .sorted();
  }

  @Test
  void aStopMidEpochWritesASnapshotOfTheIterationTheRunStoppedAfter() throws IOException {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(3));
    trainer.extend(Snapshot.builder().build()).extend(stopAfter(6, false));

    trainer.run();

    assertThat(trainer.getUpdater().getIteration()).isEqualTo(6);
    assertThat(snapshots()).containsExactly("snapshot_iter_4", "snapshot_iter_6");
  }

  @Test
  void aStopWhereTheTriggerJustWroteASnapshotWritesNoSecondOne() throws IOException {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(3));
    Snapshot snapshot = Snapshot.builder().build();
    trainer.extend(snapshot).extend(stopAfter(4, false));

    trainer.run();

    assertThat(snapshots()).containsExactly("snapshot_iter_4");
  }

  @Test
  void aResumedRunStoppedBeforeItsFirstUpdateLeavesTheLoadedSnapshotAlone() throws IOException {
    Trainer first = TinyRun.trainer(out, IntervalTrigger.epochs(3));
    first.extend(Snapshot.builder().build()).extend(stopAfter(6, false));
    first.run();
    Trainer second = TinyRun.trainer(out, IntervalTrigger.epochs(3));
    second.requestStop("test");
    second.extend(Snapshot.builder().autoload(true).build());

    second.run();

    assertThat(second.getUpdater().getIteration()).isEqualTo(6);
    assertThat(snapshots()).containsExactly("snapshot_iter_4", "snapshot_iter_6");
  }

  @Test
  void aFreshRunStoppedBeforeItsFirstUpdateWritesTheStateItStopsIn() throws IOException {
    // What ran before training (a batch-size search) is then kept for the resumed run.
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(3));
    trainer.requestStop("test");
    trainer.extend(Snapshot.builder().build());

    trainer.run();

    assertThat(trainer.getUpdater().getIteration()).isZero();
    assertThat(snapshots()).containsExactly("snapshot_iter_0");
  }

  @Test
  void aFailureInTheIterationOfAStopRequestWritesNoSnapshotOfTheHalfDoneState() throws IOException {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(3));
    trainer
        .extend(Snapshot.builder().build())
        .extend(stopAfter(6, false))
        .extend(stopAfter(6, true), "failing", null, null);

    assertThatThrownBy(trainer::run).hasMessage("boom");

    assertThat(trainer.stopRequest()).contains("test");
    assertThat(snapshots()).containsExactly("snapshot_iter_4");
  }
}
