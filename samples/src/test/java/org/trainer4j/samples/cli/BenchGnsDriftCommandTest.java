package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchGnsDriftCommandTest {

  @TempDir Path out;

  @Test
  void quickRunComparesEachWindowWithExtraPassesAndPrintsTheRatioLast() throws Exception {
    CommandRun run = CommandRun.of("bench", "gns-drift", "--quick", "--out", out.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.lines().get(run.lines().size() - 1))
        .matches("gns_drift_ratio=(-?\\d+\\.\\d{4}|NaN|-?Infinity)");
    assertThat(run.lines()).anyMatch(l -> l.startsWith("after 4 steps: extra passes"));
    JsonNode json = new ObjectMapper().readTree(out.resolve("gns_drift.json").toFile());
    assertThat(json.get("stages")).hasSize(2);
    for (String key :
        new String[] {
          "extra_passes", "window_2", "window_2_still", "window_4_still", "replicas_2"
        }) {
      assertThat(json.get("stages").get(1).get(key).has("noiseScale")).as(key).isTrue();
    }
  }
}
