package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeToAccuracyCommandTest {

  @TempDir Path out;

  @Test
  void quickRunRecordsEveryContenderOnTwoSeedsAgainstTheFixedGridAndEndsWithTheRatio()
      throws Exception {
    CommandRun run = CommandRun.of("time-to-accuracy", "--quick", "--out", out.toString());

    assertThat(run.exitCode()).isZero();
    String[] lines = run.output().strip().split("\\R");
    assertThat(lines[lines.length - 1]).matches("goodput_time_to_target_ratio_to_best=\\S+");
    JsonNode mlp = SampleOutputs.json(out.resolve("time_to_accuracy.json")).get("mlp");
    List<String> names = new ArrayList<>();
    mlp.get("contenders").forEach(c -> names.add(c.get("contender").asText()));
    assertThat(names)
        .containsExactly(
            "fixed-32",
            "throughput",
            "epoch-time",
            "gpu-usage",
            "goodput",
            "goodput-adaptive",
            "goodput-adaptive-adam",
            "goodput-explore",
            "grid-32",
            "grid-64");
    assertThat(mlp.get("best_grid").asText()).startsWith("grid-");
    assertThat(mlp.get("goodput_contender").asText()).isEqualTo("goodput-adaptive");
    assertThat(mlp.get("critical_batch_factor").asDouble()).isEqualTo(4);
    for (JsonNode c : mlp.get("contenders")) {
      assertThat(c.get("runs")).hasSize(2);
      // One epoch, validated at each quarter of it that a step ends in (a large batch can cross
      // two quarters in one step).
      assertThat(c.get("runs").get(0).get("validation").size()).isBetween(1, 4);
      assertThat(c.get("median_final_test_accuracy").asDouble()).isBetween(0.0, 1.0);
    }
    assertThat(out.resolve("mlp_accuracy_vs_time.png")).isNotEmptyFile();
    JsonNode fixed = mlp.get("contenders").get(0);
    assertThat(fixed.get("runs").get(0).get("validation")).hasSize(4); // 17 steps of 32
    assertThat(fixed.get("lr_rule").asText()).isEqualTo("NONE");
    assertThat(mlp.get("contenders").get(8).get("lr_rule").asText()).isEqualTo("SQRT");
    // Every search is kept for tracing a run, written after it: one per strategy, and the adaptive
    // run's re-estimates beside its first search; a fixed size searches nothing.
    Path runs = out.resolve("runs");
    JsonNode throughput = SampleOutputs.json(runs.resolve("mlp-throughput-1/searches.json"));
    assertThat(throughput.get("searches")).hasSize(1);
    assertThat(throughput.get("searches").get(0).get("strategy").asText())
        .isEqualTo("ThroughputMaximize");
    assertThat(throughput.get("searches").get(0).get("steps")).isNotEmpty();
    JsonNode adaptive = SampleOutputs.json(runs.resolve("mlp-goodput-adaptive-1/searches.json"));
    assertThat(adaptive.get("searches").size()).isGreaterThanOrEqualTo(1);
    assertThat(adaptive.get("searches").size())
        .isGreaterThanOrEqualTo(adaptive.get("goodput_estimates").size());
    assertThat(runs.resolve("mlp-fixed-32-1/searches.json")).doesNotExist();
    // Before each run's clock starts, the process's own background work from the run before has
    // ended: three quiet windows of 0.1 s at least.
    List<String> runLines =
        Arrays.stream(lines).filter(l -> l.matches("mlp seed \\d+ .* size .*")).toList();
    assertThat(runLines).hasSize(20);
    for (String line : runLines) {
      Matcher m = Pattern.compile("settled (\\d+\\.\\d) s").matcher(line);
      assertThat(m.find()).as(line).isTrue();
      assertThat(Double.parseDouble(m.group(1))).as(line).isGreaterThanOrEqualTo(0.3);
    }
  }

  @Test
  void withoutTheGoodputContenderTheLastLineHasNoRatioRatherThanANeverReached() throws Exception {
    CommandRun run =
        CommandRun.of(
            "time-to-accuracy", "--quick", "--only", "grid-32,grid-64", "--out", out.toString());

    assertThat(run.exitCode()).isZero();
    String[] lines = run.output().strip().split("\\R");
    // Infinity said that goodput never reached the target; it did not run.
    assertThat(lines[lines.length - 1]).isEqualTo("goodput_time_to_target_ratio_to_best=NaN");
  }

  @Test
  void withReplicasEveryContenderTrainsOnAParallelUpdaterAndSearchesInItsMultiples()
      throws Exception {
    CommandRun run =
        CommandRun.of(
            "time-to-accuracy",
            "--quick",
            "--replicas",
            "2",
            "--only",
            "goodput-adaptive,grid-64",
            "--out",
            out.toString());

    assertThat(run.exitCode()).isZero();
    JsonNode mlp = SampleOutputs.json(out.resolve("time_to_accuracy.json")).get("mlp");
    assertThat(mlp.get("replicas").asInt()).isEqualTo(2);
    for (JsonNode c : mlp.get("contenders")) {
      for (JsonNode r : c.get("runs")) {
        assertThat(r.get("finalBatchSize").asInt() % 2).as(c.toString()).isZero();
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--workloads         | mlp,bogus | --workloads: unknown 'bogus'; use mlp, cnn (see",
        "--workloads         | ''        | --workloads: an empty name; use mlp, cnn (see",
        "--seeds             | 1,1       | --seeds needs at least 2 distinct seeds, got [1, 1]",
        "--seeds             | 1,2,2     | --seeds repeats a seed, got [1, 2, 2]",
        "--lr-rule           | bogus     | --lr-rule: unknown rule 'bogus'; use none, linear, sqrt"
            + " (see",
        "--lr-rule           | adascale  | --lr-rule adascale needs gradient statistics; only"
            + " goodput has them; use none, linear, sqrt (see",
        "--goodput-lr-rule   | bogus     | --goodput-lr-rule: unknown rule 'bogus'; use none,"
            + " linear, sqrt, adascale (see",
        "--strategy-lr-rules | sqrt,bogus | --strategy-lr-rules: unknown rule 'bogus'; use none,"
            + " linear, sqrt (see",
        "--goodput-lr-rules  | adascale,x | --goodput-lr-rules: unknown rule 'x'; use none,"
            + " linear, sqrt, adascale (see",
        "--critical-batch-factor | 0   | --critical-batch-factor must be a positive number, got"
            + " 0.0",
        "--critical-batch-factor | NaN | --critical-batch-factor must be a positive number, got"
            + " NaN",
      })
  void aBadNameOrSeedListIsRefusedWithWhatTheOptionAcceptsBeforeAnyDataIsRead(
      String option, String value, String message) {
    // Small enough that a regression runs seconds, not the default hour.
    CommandRun run =
        CommandRun.of(
            "time-to-accuracy",
            "--epochs",
            "1",
            "--train-examples",
            "200",
            "--grid",
            "32",
            "--only",
            "grid-32",
            option,
            value,
            "--out",
            out.toString());

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.lines()).isEmpty();
    assertThat(run.errorLines()).singleElement().asString().startsWith("error: " + message);
  }

  @Test
  void theSummaryRecordsTheCriticalBatchFactorGiven() throws Exception {
    CommandRun run =
        CommandRun.of(
            "time-to-accuracy",
            "--quick",
            "--only",
            "goodput,grid-32",
            "--critical-batch-factor",
            "2.5",
            "--out",
            out.toString());

    assertThat(run.exitCode()).isZero();
    JsonNode mlp = SampleOutputs.json(out.resolve("time_to_accuracy.json")).get("mlp");
    assertThat(mlp.get("critical_batch_factor").asDouble()).isEqualTo(2.5);
  }

  @Test
  void refusesReplicasThatDoNotDivideTheSizes() {
    CommandRun run =
        CommandRun.of("time-to-accuracy", "--quick", "--replicas", "3", "--out", out.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(String.join("\n", run.errorLines()))
        .contains("--replicas 3 does not divide the size 32");
  }
}
