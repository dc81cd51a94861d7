package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchSoakCommandTest {

  @TempDir Path out;

  @Test
  void aRunKilledTwiceAndResumedEndsWithTheParametersOfTheUninterruptedRun() throws Exception {
    CommandRun run =
        CommandRun.of(
            "bench",
            "soak",
            "--kills",
            "2",
            "--iterations",
            "10",
            "--snapshot-every",
            "3",
            "--examples",
            "48",
            "--batch-size",
            "16",
            "--out",
            out.toString());

    assertThat(run.lines()).last().isEqualTo("soak_kills=2 soak_params_equal=true");
    assertThat(run.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(out.resolve("soak.json").toFile());
    assertThat(json.get("kills").asInt()).isEqualTo(2);
    assertThat(json.get("killed_after_iterations")).hasSize(2);
    assertThat(json.get("max_abs_difference").asDouble()).isZero();
  }
}
