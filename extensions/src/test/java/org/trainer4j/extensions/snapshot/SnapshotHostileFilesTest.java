package org.trainer4j.extensions.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.TinyRun;
import org.trainer4j.serialization.StateArchive;
import org.trainer4j.serialization.ZipBombs;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;

/** Files planted in the output directory to exhaust memory are skipped like corrupt snapshots. */
class SnapshotHostileFilesTest {

  @TempDir Path dir;

  @Test
  void autoloadSkipsZipBombsNamedLikeNewerSnapshotsAndLoadsTheNewestValidOne() throws IOException {
    Trainer first = TinyRun.trainer(dir, IntervalTrigger.epochs(1));
    first.extend(new Snapshot());
    first.run();
    Path declared =
        new ZipBombs()
            .zeros("state.json", 3072, 3L << 30)
            .manifest(StateArchive.FORMAT, "state.json", new byte[0])
            .writeTo(dir.resolve("snapshot_iter_12"));
    Path understated =
        new ZipBombs()
            .zeros("state.json", 3072, 100)
            .manifest(StateArchive.FORMAT, "state.json", new byte[100])
            .writeTo(dir.resolve("snapshot_iter_8"));

    // Newest first means written last: the bombs after the valid snapshot, the larger number last.
    FileTime valid = Files.getLastModifiedTime(dir.resolve("snapshot_iter_4"));
    Files.setLastModifiedTime(understated, FileTime.fromMillis(valid.toMillis() + 1000));
    Files.setLastModifiedTime(declared, FileTime.fromMillis(valid.toMillis() + 2000));

    Snapshot snapshot = Snapshot.builder().autoload(true).build();
    Trainer resumed = TinyRun.trainer(dir, IntervalTrigger.epochs(1));
    resumed.extend(snapshot);
    resumed.run();

    SnapshotExtension.Autoloaded autoloaded = snapshot.autoloaded().orElseThrow();
    assertThat(autoloaded.loaded()).isEqualTo(dir.resolve("snapshot_iter_4"));
    assertThat(autoloaded.skipped())
        .extracting(SnapshotExtension.Skipped::file)
        .containsExactly(declared, understated);
    assertThat(autoloaded.skipped().get(0).reason())
        .contains(declared.toString())
        .contains("zip bomb");
    assertThat(autoloaded.skipped().get(1).reason())
        .contains(understated.toString())
        .contains("inflates to more than the 100 bytes");
    assertThat(resumed.getUpdater().getIteration()).isEqualTo(4);
    assertThat(Files.size(declared)).isLessThan(4L << 20);
  }
}
