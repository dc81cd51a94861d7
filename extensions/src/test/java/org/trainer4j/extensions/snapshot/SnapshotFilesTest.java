package org.trainer4j.extensions.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFilesTest {

  @TempDir Path dir;

  private Path file(String name, long modifiedMillis) throws IOException {
    Path p = Files.write(dir.resolve(name), new byte[] {1});
    Files.setLastModifiedTime(p, FileTime.fromMillis(modifiedMillis));
    return p;
  }

  @Test
  void newestFirstMeansWrittenLastThenTheLargerNumber() throws IOException {
    Path older = file("snapshot_iter_20", 1_000_000);
    Path tieSmall = file("snapshot_iter_4", 2_000_000);
    Path tieLarge = file("snapshot_iter_8", 2_000_000);

    SnapshotFiles files = new SnapshotFiles(dir, new FilenameTemplate("snapshot_iter_{iteration}"));

    assertThat(files.newestFirst()).containsExactly(tieLarge, tieSmall, older);
  }

  @Test
  void retentionNeverDeletesTheFileJustWrittenEvenIfItsClockSaysOlder() throws IOException {
    // A clock set back between writes: the new file carries the oldest time.
    Path justWritten = file("snapshot_iter_12", 1_000_000);
    Path a = file("snapshot_iter_4", 5_000_000);
    Path b = file("snapshot_iter_8", 6_000_000);

    new SnapshotFiles(dir, new FilenameTemplate("snapshot_iter_{iteration}"))
        .retain(2, justWritten);

    assertThat(justWritten).exists();
    assertThat(b).exists();
    assertThat(a).doesNotExist();
  }
}
