package org.trainer4j.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers on a file system that fills up (Jimfs with a 64 KiB capacity): the previous file stays
 * complete and loadable, the error names the file, and no temporary file is left behind.
 */
class DiskFullTest {

  private final FileSystem disk =
      Jimfs.newFileSystem(
          Configuration.unix().toBuilder().setBlockSize(1024).setMaxSize(64 << 10).build());

  @TempDir Path local;

  @AfterEach
  void close() throws IOException {
    disk.close();
  }

  @Test
  void aSnapshotThatDoesNotFitFailsNamingItAndTheOneBeforeStillLoads() throws IOException {
    Path out = Files.createDirectories(disk.getPath("/run"));
    Path previous = out.resolve("snapshot_iter_4");
    StateArchive.write(state(4, 1 << 10), previous);
    Path next = out.resolve("snapshot_iter_8");

    assertThatThrownBy(() -> StateArchive.write(state(8, 256 << 10), next))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot write /run/snapshot_iter_8: ")
        .hasMessageContaining("previous content, if any, is unchanged");

    assertThat(names(out)).containsExactly("snapshot_iter_4");
    // ZipFile needs the default file system; the bytes are what matter
    Path copy = Files.copy(previous, local.resolve("snapshot_iter_4"));
    assertThat(StateArchive.read(copy).get("iteration")).isEqualTo(4L);
  }

  @Test
  void aFileRewrittenInPlaceKeepsItsOldContentWhenTheNewOneDoesNotFit() throws IOException {
    Path log = Files.createDirectories(disk.getPath("/out")).resolve("log");
    AtomicFiles.write(log, new byte[] {1, 2, 3});

    assertThatThrownBy(() -> AtomicFiles.write(log, new byte[128 << 10]))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot write /out/log: ");

    assertThat(Files.readAllBytes(log)).containsExactly(1, 2, 3);
    assertThat(names(log.getParent())).containsExactly("log");
  }

  /** A state whose blob of random bytes (incompressible) has {@code blobBytes} bytes. */
  private static StateTree state(long iteration, int blobBytes) {
    StateTree tree = new StateTree();
    tree.put("iteration", iteration);
    byte[] blob = new byte[blobBytes];
    new java.util.SplittableRandom(iteration).nextBytes(blob);
    tree.put("blob", blob);
    return tree;
  }

  private static java.util.List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
