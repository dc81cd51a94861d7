package org.trainer4j.extensions.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.TinyRun;
import org.trainer4j.extensions.report.LogReport;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * A run whose output directory fills up (Jimfs with a 64 KiB capacity): it stops with an error
 * naming the file it could not write, leaves no partial file, and its newest snapshot resumes.
 */
class SnapshotDiskFullTest {

  private final FileSystem disk =
      Jimfs.newFileSystem(
          Configuration.unix().toBuilder().setBlockSize(1024).setMaxSize(64 << 10).build());

  @TempDir Path local;

  @AfterEach
  void close() throws IOException {
    disk.close();
  }

  @Test
  void aFullDiskStopsTheRunNamingTheFileAndTheNewestSnapshotResumes() throws IOException {
    Path out = disk.getPath("/run");
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(1000));
    trainer.extend(LogReport.builder().build());
    trainer.extend(new Snapshot(), IntervalTrigger.iterations(2));

    assertThatThrownBy(trainer::run)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageMatching(
            "(snapshot|log) not written: cannot write /run/(snapshot_iter_\\d+|log): .*");

    List<String> left = names(out);
    assertThat(left).noneMatch(name -> name.startsWith(".")).contains("log");
    Path newest = Snapshot.findLatestValid(copyOut(out), Snapshot.DEFAULT_FILENAME).orElseThrow();
    assertThat(newest.getFileName().toString()).isEqualTo(newestSnapshotName(left));
    Trainer resumed = TinyRun.trainer(local.resolve("resumed"), IntervalTrigger.epochs(1000));
    resumed.resume(newest);
    assertThat(resumed.getUpdater().getIteration())
        .isEqualTo(Long.parseLong(newest.getFileName().toString().replace("snapshot_iter_", "")))
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void withContinueOnWriteErrorTheRunFinishesAndKeepsEverySnapshotThatFit() throws IOException {
    Path out = disk.getPath("/run");
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(10));
    trainer.extend(
        Snapshot.builder().continueOnWriteError(true).build(), IntervalTrigger.iterations(2));

    trainer.run();

    assertThat(trainer.getUpdater().getIteration()).isEqualTo(40);
    List<String> left = names(out);
    assertThat(left).noneMatch(name -> name.startsWith(".")).hasSizeBetween(1, 19);
    Path newest = Snapshot.findLatestValid(copyOut(out), Snapshot.DEFAULT_FILENAME).orElseThrow();
    assertThat(newest.getFileName().toString()).isEqualTo(newestSnapshotName(left));
  }

  private Path copyOut(Path dir) throws IOException {
    Path copy = Files.createDirectories(local.resolve("copy"));
    for (String name : names(dir)) {
      // With their modification times, which rank snapshots: a plain copy stamps each file with the
      // time it was copied, and the newest became whichever came last in the listing (flaky: it
      // held only while the copies landed within one clock tick).
      Files.copy(dir.resolve(name), copy.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
    }
    return copy;
  }

  private static String newestSnapshotName(List<String> names) {
    return names.stream()
        .filter(n -> n.startsWith("snapshot_iter_"))
        .max(java.util.Comparator.comparingLong(n -> Long.parseLong(n.substring(14))))
        .orElseThrow();
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
