package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.serialization.StateArchive;
import org.trainer4j.serialization.ZipBombs;

/** The zip bomb in the output directory: {@code train --resume} skips it and trains. */
class TrainResumeBombTest {

  @TempDir Path out;

  @Test
  void resumeSkipsAThreeMegabyteZipBombNamedLikeTheNewestSnapshot() throws Exception {
    Path bomb =
        new ZipBombs()
            .zeros("state.json", 3072, 3L << 30)
            .manifest(StateArchive.FORMAT, "state.json", new byte[0])
            .writeTo(out.resolve("snapshot_iter_999999"));

    CommandRun run =
        CommandRun.of(
            "train",
            "--quick",
            "--tune",
            "NONE",
            "--resume",
            "--data",
            CommandRun.BUNDLED.toString(),
            "--out",
            out.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.output()).contains("test: loss");
    assertThat(SampleOutputs.json(out.resolve("test.json")).get("iterations").asLong())
        .isPositive();
    assertThat(bomb).exists(); // skipped, not deleted: it is not this run's to remove
  }
}
