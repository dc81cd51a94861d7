package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuneCommandTest {

  @TempDir Path out;

  @Test
  void writesOneResultPerStrategyWithTheOracleGridAndEndsWithTheHeadline() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int code;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      code =
          Main.run(
              "tune",
              "--quick",
              "--model",
              "mlp",
              "--width",
              "0.02",
              "--examples",
              "2000",
              "--grid",
              "8,16",
              "--strategies",
              "etm,tm",
              "--strategy-budget",
              "2",
              "--out",
              out.toString());
    } finally {
      System.setOut(original);
    }

    assertThat(code).isZero();
    String[] lines = captured.toString(StandardCharsets.UTF_8).trim().split("\n");
    assertThat(lines[lines.length - 1]).startsWith("throughput_maximize_epoch_time_ratio=");
    JsonNode json = new ObjectMapper().readTree(out.resolve("tune_results.json").toFile());
    assertThat(json.get("results")).hasSize(2);
    assertThat(json.get("command").asText()).startsWith("tune --quick --model mlp");
    for (JsonNode r : json.get("results")) {
      for (String key :
          new String[] {
            "workload",
            "strategy",
            "loops",
            "initial",
            "chosen",
            "probe_seconds",
            "probe_fraction_of_epoch",
            "epoch_time_ratio_to_best",
            "improvement_over_initial",
            "oracle_grid"
          }) {
        assertThat(r.has(key)).as(key).isTrue();
      }
      assertThat(r.get("initial").asInt()).isEqualTo(32);
      // The paper's "improvement": the chosen size's epoch time against the initial size's.
      double initialEpoch = Double.NaN;
      for (JsonNode g : r.get("oracle_grid")) {
        if (g.get("batch_size").asInt() == 32) {
          initialEpoch = g.get("epoch_seconds").asDouble();
        }
      }
      assertThat(r.get("improvement_over_initial").asDouble())
          .isCloseTo(1 - r.get("chosen_epoch_seconds").asDouble() / initialEpoch, within(1e-9));
    }
    assertThat(json.get("workloads").get(0).get("oracle_grid")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(out.resolve("tune_table.md")).isNotEmptyFile();
  }
}
