package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.testing.MpiRun;

/**
 * Two MPI processes search the batch size together, rank 1 arriving late at every probe step: both
 * end with the same size, a multiple of 2, timed at the late rank's pace, and train on in lockstep.
 */
class MinibatchSearchMpiTest {

  private static final long DELAY_MILLIS = 40;

  @TempDir static Path dir;
  private static MpiRun.Result job;

  @BeforeAll
  static void runTheJob() throws Exception {
    assumeTrue(MpiRun.available(), "mpirun is not on the PATH");
    job =
        MpiRun.run(
            2,
            Duration.ofSeconds(120),
            MinibatchSearchMpiJob.class,
            dir.toString(),
            Long.toString(DELAY_MILLIS));
    assertThat(job.exitCode()).as(job.output()).isZero();
  }

  private static List<String> rank(int rank, String key) throws Exception {
    return Files.readAllLines(dir.resolve("rank-" + rank)).stream()
        .filter(line -> line.startsWith(key + " "))
        .map(line -> line.substring(key.length() + 1))
        .toList();
  }

  @Test
  void bothRanksChooseTheSameSizeAMultipleOfTwo() throws Exception {
    int chosen = Integer.parseInt(rank(0, "chosen").get(0));

    assertThat(rank(1, "chosen")).containsExactly(Integer.toString(chosen));
    assertThat(chosen % 2).isZero();
    assertThat(rank(0, "batch")).containsExactly(Integer.toString(chosen));
    assertThat(rank(1, "batch")).containsExactly(Integer.toString(chosen));
    assertThat(job.output()).doesNotContain("following rank 0");
  }

  @Test
  void bothRanksMeasuredTheSameSizesAtTheLateRanksPace() throws Exception {
    List<String> steps = rank(0, "step");

    assertThat(steps).isNotEmpty();
    assertThat(rank(1, "step")).containsExactlyElementsOf(steps);
    for (String step : steps) {
      String[] sizeAndSeconds = step.split(" ");
      assertThat(Integer.parseInt(sizeAndSeconds[0]) % 2).isZero();
      assertThat(Double.parseDouble(sizeAndSeconds[1]))
          .as("seconds per step at %s", sizeAndSeconds[0])
          .isGreaterThanOrEqualTo(DELAY_MILLIS / 1e3 * 0.9);
    }
  }

  @Test
  void bothRanksTrainOnInLockstepAfterTheSearch() throws Exception {
    for (int rank = 0; rank < 2; rank++) {
      assertThat(rank(rank, "iteration"))
          .containsExactly(Integer.toString(MinibatchSearchMpiJob.STEPS));
      assertThat(rank(rank, "resynchronizations")).containsExactly("0");
    }
    assertThat(rank(1, "param")).containsExactlyElementsOf(rank(0, "param"));
  }
}
