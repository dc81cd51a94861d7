package org.trainer4j.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.testing.Fuzzing;

/**
 * Every mutated snapshot ends in a state tree or an {@link InvalidStateArchiveException}: never
 * another exception, an {@code OutOfMemoryError} (256 MiB heap) or a hang. Mutating the file's
 * bytes exercises the zip and manifest checks; mutating one entry and writing a matching manifest,
 * as anyone can, exercises the parsing behind them.
 */
@Tag("fuzz")
class StateArchiveFuzzTest {

  private static final List<Class<? extends Exception>> DOCUMENTED =
      List.of(InvalidStateArchiveException.class);

  @TempDir Path dir;

  @Test
  void mutatedArchivesReadOrFailWithAnInvalidStateArchiveException() throws Exception {
    Path valid = dir.resolve("valid");
    StateArchive.write(sampleState(), valid);
    Path file = dir.resolve("snapshot_iter_1");

    Fuzzing.Report report =
        Fuzzing.run(
            "snapshot",
            List.of(Files.readAllBytes(valid)),
            300,
            DOCUMENTED,
            input -> {
              Files.write(file, input);
              StateArchive.read(file);
            });

    assertThat(report.rejectedTotal()).isPositive();
  }

  @Test
  void mutatedStateJsonWithAMatchingManifestReadsOrFailsByName() throws Exception {
    Map<String, byte[]> entries = entriesOf(sampleState());

    Fuzzing.Report report =
        Fuzzing.run(
            "snapshot-json",
            List.of(entries.get(StateArchive.STATE_ENTRY)),
            300,
            DOCUMENTED,
            input -> readWith(entries, StateArchive.STATE_ENTRY, input));

    assertThat(report.accepted()).isPositive();
    assertThat(report.rejectedTotal()).isPositive();
  }

  @Test
  void mutatedArrayEntriesWithAMatchingManifestReadOrFailByName() throws Exception {
    Map<String, byte[]> entries = entriesOf(sampleState());

    Fuzzing.Report report =
        Fuzzing.run(
            "snapshot-ndarray",
            List.of(entries.get("arrays/0.nd4j"), entries.get("arrays/1.nd4j")),
            300,
            DOCUMENTED,
            input -> readWith(entries, "arrays/0.nd4j", input));

    assertThat(report.rejectedTotal()).isPositive();
  }

  private static StateTree sampleState() {
    StateTree tree = new StateTree();
    tree.put("iteration", 12L);
    tree.put("lr", 0.05);
    tree.put("name", "main");
    tree.put("order", new int[] {3, 0, 2, 1});
    tree.put("weights", Nd4j.create(new float[] {1.5f, -2f, 3.25f, 4f, 0f, 1f}, new long[] {2, 3}));
    tree.put("counts", Nd4j.createFromArray(new long[] {7, 9}));
    tree.put("blob", new byte[] {0, -1, 42});
    tree.childOrCreate("child").put("flag", true);
    return tree;
  }

  private Map<String, byte[]> entriesOf(StateTree tree) throws IOException {
    Path file = dir.resolve("seed");
    StateArchive.write(tree, file);
    return ChecksummedZip.read(file, StateArchive.FORMAT, StateArchive.VERSION).entries();
  }

  /** Writes the entries with {@code name} replaced by {@code content}, checksums recomputed. */
  private void readWith(Map<String, byte[]> entries, String name, byte[] content)
      throws IOException {
    Path file = dir.resolve("forged");
    AtomicFiles.write(
        file,
        out -> {
          ChecksummedZip.Writer zip =
              new ChecksummedZip.Writer(out, StateArchive.FORMAT, StateArchive.VERSION);
          for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            zip.put(e.getKey(), e.getKey().equals(name) ? content : e.getValue());
          }
          zip.finish();
        });
    StateArchive.read(file);
  }
}
