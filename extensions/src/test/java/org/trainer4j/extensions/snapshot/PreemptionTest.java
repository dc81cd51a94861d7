package org.trainer4j.extensions.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.testing.ChildJvm;
import org.trainer4j.training.PreemptionSignals;

/**
 * SIGTERM to a training JVM mid-epoch: it finishes the iteration, writes a snapshot, exits with
 * {@link PreemptionSignals#EXIT_PREEMPTED}, and the resumed run ends with the parameters of a run
 * that was never stopped.
 */
class PreemptionTest {

  private static final Duration PATIENCE = Duration.ofMinutes(2);
  private static final String ITERATIONS = "40"; // 2.5 epochs of 16

  @TempDir Path reference;
  @TempDir Path preempted;

  private static int runToEnd(Path out) throws IOException {
    try (ChildJvm child = ChildJvm.start(PreemptibleTraining.class, out.toString(), ITERATIONS)) {
      return child.exitCode(PATIENCE);
    }
  }

  private static Stream<String> snapshots(Path dir) throws IOException {
    return Files.list(dir)
        .map(p -> p.getFileName().toString())
        .filter(n -> n.startsWith("snapshot_iter_"));
  }

  @Test
  void sigtermMidEpochWritesASnapshotExitsSeventyFiveAndTheResumedRunEndsExactly()
      throws IOException {
    int preemptedExit;
    try (ChildJvm child =
        ChildJvm.start(PreemptibleTraining.class, preempted.toString(), ITERATIONS, "3")) {
      child.awaitLine("iteration 3"); // the child waits there for the signal
      child.process().destroy(); // SIGTERM
      preemptedExit = child.exitCode(PATIENCE);
    }

    assertThat(preemptedExit).isEqualTo(PreemptionSignals.EXIT_PREEMPTED);
    assertThat(preempted.resolve("params.bin")).doesNotExist();
    long stoppedAt =
        snapshots(preempted)
            .mapToLong(n -> Long.parseLong(n.substring("snapshot_iter_".length())))
            .max()
            .orElseThrow();
    assertThat(stoppedAt).isEqualTo(3L); // mid-epoch: 16 iterations an epoch

    assertThat(runToEnd(preempted)).isZero();
    assertThat(runToEnd(reference)).isZero();
    assertThat(Files.readAllBytes(preempted.resolve("params.bin")))
        .isEqualTo(Files.readAllBytes(reference.resolve("params.bin")));
  }
}
