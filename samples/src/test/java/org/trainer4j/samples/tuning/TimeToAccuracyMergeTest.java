package org.trainer4j.samples.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.trainer4j.samples.tuning.TimeToAccuracyBenchmarkTest.CONTENDERS;
import static org.trainer4j.samples.tuning.TimeToAccuracyBenchmarkTest.DATA;
import static org.trainer4j.samples.tuning.TimeToAccuracyBenchmarkTest.JOB;
import static org.trainer4j.samples.tuning.TimeToAccuracyBenchmarkTest.outcome;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.trainer4j.samples.tuning.TimeToAccuracy.Job;
import org.trainer4j.samples.tuning.TimeToAccuracy.Outcome;

/**
 * Merging the seed shards that separate processes wrote ({@code time-to-accuracy --merge}): one
 * summary over all their seeds, and a refusal, naming the file, for a seed merged twice or a shard
 * of another job.
 */
class TimeToAccuracyMergeTest {

  @TempDir Path dir;

  @Test
  void aSeedMergedTwiceIsRefusedNamingBothFiles() throws Exception {
    Path a = shard("a", JOB, List.of(outcome("grid-32", 1, 10), outcome("grid-64", 1, 12)));
    Path b = shard("b", JOB, List.of(outcome("grid-32", 2, 10)));
    Path again = shard("again", JOB, List.of(outcome("grid-32", 1, 11)));

    assertThatThrownBy(() -> TimeToAccuracyMerge.merge(List.of(a, b, again), dir, QUIET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(again.toString())
        .hasMessageContaining(a.toString())
        .hasMessageContaining("grid-32 seed 1");
  }

  private Path shard(String name, Job job, List<Outcome> outcomes) throws Exception {
    Path out = dir.resolve(name);
    TimeToAccuracyBenchmark.write(
        out, Map.of("w", TimeToAccuracySummary.of("w", job, CONTENDERS, outcomes, QUIET)));
    return out.resolve("time_to_accuracy.json");
  }

  private static final PrintStream QUIET =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  @Test
  void mergedSeedShardsSummarizeAsOneRunOverAllTheirSeeds() throws Exception {
    List<Outcome> seed1 =
        List.of(
            outcome("goodput-adaptive", 1, 11),
            outcome("grid-32", 1, 10),
            outcome("grid-64", 1, 8));
    List<Outcome> seed2 =
        List.of(
            outcome("goodput-adaptive", 2, 13),
            outcome("grid-32", 2, 12),
            outcome("grid-64", 2, Double.NaN)); // never reached the target
    Path a = shard("a", JOB, seed1);
    Path b = shard("b", JOB, seed2);

    Map<String, Object> merged = TimeToAccuracyMerge.merge(List.of(a, b), dir, QUIET);

    @SuppressWarnings("unchecked")
    Map<String, Object> w = (Map<String, Object>) merged.get("w");
    // Alone, seed 1 would make grid-64 the oracle; over both seeds its median is infinite.
    assertThat(w.get("best_grid")).isEqualTo("grid-32");
    assertThat((Double) w.get("goodput_time_to_target_ratio_to_best")).isEqualTo(12.0 / 11.0);
    assertThat(w.get("train_examples")).isEqualTo(4);
    assertThat(dir.resolve("w_accuracy_vs_time.png")).isNotEmptyFile();
  }

  static Stream<Arguments> otherJobs() {
    return Stream.of(
        Arguments.of(new Job(null, DATA, DATA, 32, 0.001, 0.85, 2, 0.9, 30, 4, 1, 4), "target"),
        Arguments.of(new Job(null, DATA, DATA, 32, 0.001, 0.85, 2, 0.8, 30, 4, 2, 4), "replicas 2"),
        Arguments.of(new Job(null, DATA, DATA, 32, 0.002, 0.85, 2, 0.8, 30, 4, 1, 4), "lr 0.002"),
        Arguments.of(
            new Job(null, DATA, DATA, 32, 0.001, 0.85, 2, 0.8, 30, 4, 1, 1.0),
            "critical_batch_factor 1.0"));
  }

  @ParameterizedTest
  @MethodSource("otherJobs")
  void shardsOfAnotherJobAreRefusedNamingTheFileAndTheSetting(Job other, String setting)
      throws Exception {
    Path a = shard("a", JOB, List.of(outcome("grid-32", 1, 10)));
    Path b = shard("b", other, List.of(outcome("grid-32", 2, 10)));

    assertThatThrownBy(() -> TimeToAccuracyMerge.merge(List.of(a, b), dir, QUIET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(b.toString())
        .hasMessageContaining(setting);
  }

  @Test
  void aShardThatDidNotRecordItsCriticalBatchFactorMergesOnlyWithShardsAsSilent() throws Exception {
    Path a = shard("a", JOB, List.of(outcome("grid-32", 1, 10)));
    Path b = withoutCriticalBatchFactor(shard("b", JOB, List.of(outcome("grid-32", 2, 12))));
    Path c = withoutCriticalBatchFactor(shard("c", JOB, List.of(outcome("grid-32", 3, 11))));

    assertThatThrownBy(() -> TimeToAccuracyMerge.merge(List.of(a, b), dir, QUIET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(b.toString())
        .hasMessageContaining("critical_batch_factor unrecorded");
    Map<String, Object> merged = TimeToAccuracyMerge.merge(List.of(b, c), dir, QUIET);
    @SuppressWarnings("unchecked")
    Map<String, Object> w = (Map<String, Object>) merged.get("w");
    assertThat(w.get("critical_batch_factor")).isNull();
  }

  private static Path withoutCriticalBatchFactor(Path shard) throws IOException {
    ObjectNode old = (ObjectNode) new ObjectMapper().readTree(shard.toFile());
    ((ObjectNode) old.get("w")).remove("critical_batch_factor");
    new ObjectMapper().writeValue(shard.toFile(), old);
    return shard;
  }

  @Test
  void aShardWrittenBeforeReplicasWereRecordedMergesAsOneModel() throws Exception {
    Path a = shard("a", JOB, List.of(outcome("grid-32", 1, 10)));
    Path b = shard("b", JOB, List.of(outcome("grid-32", 2, 12)));
    ObjectNode old = (ObjectNode) new ObjectMapper().readTree(b.toFile());
    ((ObjectNode) old.get("w")).remove("replicas");
    new ObjectMapper().writeValue(b.toFile(), old);

    Map<String, Object> merged = TimeToAccuracyMerge.merge(List.of(a, b), dir, QUIET);

    assertThat(merged).containsKey("w");
  }
}
