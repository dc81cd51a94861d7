package org.trainer4j.extensions.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.extensions.TinyRun;
import org.trainer4j.extensions.report.LogReport;
import org.trainer4j.extensions.report.ObserveLr;
import org.trainer4j.extensions.schedule.ExponentialShift;
import org.trainer4j.parallel.ReplicaGroup;
import org.trainer4j.serialization.StateArchive;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.OutputDirectoryLock;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.triggers.MinValueTrigger;

class SnapshotTest {

  @TempDir Path dir;

  /** A trainer with a schedule, a log and a stateful trigger, snapshotting when told. */
  private static final class Job {
    final Trainer trainer;
    final LogReport log = LogReport.builder().filename(null).build();
    final ExponentialShift shift = new ExponentialShift("lr", 0.9);
    final MinValueTrigger best = new MinValueTrigger("main/loss", IntervalTrigger.iterations(3));
    final Snapshot snapshot;
    final AtomicInteger updates = new AtomicInteger();

    Job(Path out, Trigger stop, long seed, int hidden, Snapshot snapshot, Trigger every) {
      this.snapshot = snapshot;
      trainer = TinyRun.trainer(out, stop, seed, hidden);
      trainer.extend(new ObserveLr(), IntervalTrigger.iterations(1));
      trainer.extend(shift);
      trainer.extend(log);
      trainer.extend(Extensions.of("best", t -> {}), best);
      trainer.extend(Extensions.of("count", t -> updates.incrementAndGet()));
      trainer.extend(snapshot, every);
    }

    Job(Path out, Trigger stop, Snapshot snapshot) {
      this(out, stop, 7, 8, snapshot, null);
    }
  }

  @Test
  void aResumedRunEndsExactlyWhereTheUninterruptedRunEnds() {
    Job full =
        new Job(
            dir.resolve("full"),
            IntervalTrigger.epochs(3),
            7,
            8,
            new Snapshot(),
            IntervalTrigger.iterations(5));
    full.trainer.run();

    Path out = dir.resolve("interrupted");
    new Job(out, IntervalTrigger.iterations(5), 7, 8, new Snapshot(), IntervalTrigger.iterations(5))
        .trainer.run();
    Job resumed =
        new Job(
            out, IntervalTrigger.epochs(3), 99, 8, new Snapshot(), IntervalTrigger.iterations(5));
    resumed.trainer.resume(out.resolve("snapshot_iter_5"));
    resumed.trainer.run();

    var a = full.trainer.getUpdater();
    var b = resumed.trainer.getUpdater();
    assertThat(b.getIteration()).isEqualTo(a.getIteration()).isEqualTo(12);
    assertThat(b.getEpoch()).isEqualTo(a.getEpoch()).isEqualTo(3);
    assertThat(b.getIterator().getState()).isEqualTo(a.getIterator().getState());
    assertThat(
            maxAbsDifference(
                TinyRun.model(full.trainer).params(), TinyRun.model(resumed.trainer).params()))
        .isLessThan(1e-6);
    assertThat(b.getOptimizer().getLearningRate()).isEqualTo(a.getOptimizer().getLearningRate());
    assertThat(resumed.shift.count()).isEqualTo(full.shift.count()).isEqualTo(12);
    assertThat(resumed.best.best()).isEqualTo(full.best.best());
    assertThat(resumed.updates.get()).isEqualTo(7);
    assertThat(withoutTimings(resumed.log.getLog())).isEqualTo(withoutTimings(full.log.getLog()));
    assertThat(resumed.log.getLog()).extracting(e -> e.get("epoch")).containsExactly(1.0, 2.0, 3.0);
  }

  @Test
  void autoloadSkipsACorruptNewestSnapshotAndAnUnfinishedWriteSayingWhy() throws IOException {
    new Job(dir, IntervalTrigger.epochs(2), new Snapshot()).trainer.run();
    Path newest = dir.resolve("snapshot_iter_8");
    byte[] bytes = Files.readAllBytes(newest);
    // A write killed half-way leaves its temporary file; a damaged disk flips bytes.
    Files.write(dir.resolve(".snapshot_iter_12.123456.tmp"), java.util.Arrays.copyOf(bytes, 1000));
    bytes[bytes.length / 2] ^= 0x5A;
    Files.write(newest, bytes);

    Job resumed =
        new Job(dir, IntervalTrigger.epochs(3), Snapshot.builder().autoload(true).build());
    resumed.trainer.run();

    SnapshotExtension.Autoloaded autoloaded = resumed.snapshot.autoloaded().orElseThrow();
    assertThat(autoloaded.loaded()).isEqualTo(dir.resolve("snapshot_iter_4"));
    assertThat(autoloaded.skipped())
        .extracting(s -> s.file().getFileName().toString())
        .containsExactly(".snapshot_iter_12.123456.tmp", "snapshot_iter_8");
    assertThat(autoloaded.skipped().get(0).reason()).contains("unfinished write");
    assertThat(autoloaded.skipped().get(1).reason()).contains("snapshot_iter_8");
    assertThat(resumed.updates.get()).isEqualTo(8);
  }

  @Test
  void aFinishedRunRestoredByAutoloadTrainsNoFurther() {
    Job first = new Job(dir, IntervalTrigger.epochs(2), new Snapshot());
    first.trainer.run();
    INDArray finalParams = TinyRun.model(first.trainer).params().dup();

    Job again = new Job(dir, IntervalTrigger.epochs(2), Snapshot.builder().autoload(true).build());
    again.trainer.run();

    assertThat(again.updates.get()).isZero();
    assertThat(again.trainer.getUpdater().getIteration()).isEqualTo(8);
    assertThat(TinyRun.model(again.trainer).params()).isEqualTo(finalParams);
    assertThat(again.log.getLog()).hasSize(2);
  }

  @Test
  void autoloadOfAnotherModelsSnapshotFailsBeforeTrainingAndTouchesNoFile() throws IOException {
    new Job(dir, IntervalTrigger.epochs(1), 7, 12, new Snapshot(), null).trainer.run();
    Map<String, byte[]> before = contents(dir);
    before.remove(OutputDirectoryLock.FILENAME); // each run rewrites its lock's owner; not output

    Job other =
        new Job(
            dir,
            IntervalTrigger.epochs(2),
            7,
            8,
            Snapshot.builder().autoload(true).snapshotOnError(true).build(),
            null);

    assertThatThrownBy(other.trainer::run)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(dir.resolve("snapshot_iter_4").toString())
        .hasMessageContaining("0_W");
    assertThat(other.updates.get()).isZero();
    Map<String, byte[]> after = contents(dir);
    after.remove(OutputDirectoryLock.FILENAME); // the run's lock, not its output
    assertThat(after).containsOnlyKeys(before.keySet().toArray(String[]::new));
    before.forEach((name, bytes) -> assertThat(after.get(name)).isEqualTo(bytes));
  }

  @Test
  void anUnwritableSnapshotDirectoryFailsBeforeTheFirstIteration() throws IOException {
    // A regular file where a directory should be: unwritable even for root.
    Files.writeString(dir.resolve("blocker"), "not a directory");
    Job job =
        new Job(
            dir,
            IntervalTrigger.epochs(1),
            Snapshot.builder().directory(Path.of("blocker", "snapshots")).build());

    assertThatThrownBy(job.trainer::run)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("snapshot directory")
        .hasMessageContaining("blocker");
    assertThat(job.updates.get()).isZero();
  }

  @Test
  void keepsOnlyTheNewestRetainedSnapshots() throws IOException {
    new Job(dir, IntervalTrigger.epochs(4), Snapshot.builder().nRetains(2).build()).trainer.run();

    assertThat(names(dir))
        .contains("snapshot_iter_12", "snapshot_iter_16")
        .doesNotContain("snapshot_iter_4", "snapshot_iter_8");
  }

  @Test
  void aNewRunInTheSameDirectoryKeepsItsOwnSnapshotsWhateverTheirNumbers() throws IOException {
    new Job(dir, IntervalTrigger.epochs(4), Snapshot.builder().nRetains(2).build()).trainer.run();
    for (String name : List.of("snapshot_iter_12", "snapshot_iter_16")) { // an earlier run's
      Path old = dir.resolve(name);
      Files.setLastModifiedTime(
          old, FileTime.fromMillis(Files.getLastModifiedTime(old).toMillis() - 60_000));
    }

    new Job(dir, IntervalTrigger.epochs(2), Snapshot.builder().nRetains(2).build()).trainer.run();

    // Ranked by number, the new run's 4 and 8 were deleted as soon as they were written.
    assertThat(names(dir))
        .contains("snapshot_iter_4", "snapshot_iter_8")
        .doesNotContain("snapshot_iter_12", "snapshot_iter_16");
    assertThat(Snapshot.findLatestValid(dir, Snapshot.DEFAULT_FILENAME))
        .contains(dir.resolve("snapshot_iter_8"));
  }

  @Test
  void writesASnapshotWhenTrainingFails() throws IOException {
    Trainer trainer = TinyRun.trainer(dir, IntervalTrigger.epochs(2));
    trainer.extend(Snapshot.builder().snapshotOnError(true).build());
    trainer.extend(
        Extensions.of(
            "boom",
            t -> {
              if (t.getUpdater().getIteration() == 6) {
                throw new IllegalStateException("boom");
              }
            }));

    assertThatThrownBy(trainer::run).hasMessage("boom");

    assertThat(names(dir)).contains("snapshot_iter_4", "snapshot_iter_6");
    assertThat(StateArchive.read(dir.resolve("snapshot_iter_6")).child("updater").get("iteration"))
        .isEqualTo(6L);
  }

  @Test
  void autoloadWithoutSnapshotsStartsFromTheBeginning() {
    Job job = new Job(dir, IntervalTrigger.epochs(1), Snapshot.builder().autoload(true).build());

    job.trainer.run();

    assertThat(job.snapshot.autoloaded().orElseThrow().loaded()).isNull();
    assertThat(job.updates.get()).isEqualTo(4);
  }

  @Test
  void findLatestValidPassesOverCorruptFiles() throws IOException {
    new Job(dir, IntervalTrigger.epochs(2), new Snapshot()).trainer.run();
    Files.write(dir.resolve("snapshot_iter_8"), new byte[] {1, 2, 3});

    assertThat(Snapshot.findLatestValid(dir, Snapshot.DEFAULT_FILENAME))
        .contains(dir.resolve("snapshot_iter_4"));
  }

  private static double maxAbsDifference(INDArray a, INDArray b) {
    return a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
        .sub(b.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE))
        .amaxNumber()
        .doubleValue();
  }

  /** Log entries without the keys that measure wall-clock time. */
  private static List<Map<String, Double>> withoutTimings(List<Map<String, Double>> log) {
    return log.stream()
        .map(
            e -> {
              Map<String, Double> copy = new LinkedHashMap<>(e);
              copy.remove("elapsed_time");
              copy.remove("main/data_wait");
              return copy;
            })
        .toList();
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static Map<String, byte[]> contents(Path dir) throws IOException {
    Map<String, byte[]> out = new HashMap<>();
    for (String name : names(dir)) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        out.put(name, Files.readAllBytes(p));
      }
    }
    return out;
  }

  @Test
  void inAMultiProcessJobOnlyRankZeroWritesTheSnapshot() {
    ReplicaGroup group = new ReplicaGroup(2, Duration.ofSeconds(1));
    Snapshot rank0 = Snapshot.builder().build();
    Snapshot rank1 = Snapshot.builder().build();
    Trainer trainer0 =
        TinyRun.trainerOn(dir.resolve("0"), IntervalTrigger.epochs(1), group.communicator(0));
    Trainer trainer1 =
        TinyRun.trainerOn(dir.resolve("1"), IntervalTrigger.epochs(1), group.communicator(1));
    rank0.initialize(trainer0);
    rank1.initialize(trainer1);

    rank0.call(trainer0);
    rank1.call(trainer1);

    assertThat(dir.resolve("0").resolve("snapshot_iter_0")).exists();
    assertThat(dir.resolve("1").resolve("snapshot_iter_0")).doesNotExist();
    assertThat(rank1.lastWritten()).isEmpty();
  }
}
