package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchSyncBnCommandTest {

  @TempDir Path out;

  @Test
  void printsTheRatiosAndEndsWithTheHeadlineAndWritesJson() throws Exception {
    StringWriter text = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(text));

    int code =
        cli.execute(
            "bench",
            "syncbn",
            "--batches",
            "2",
            "--image",
            "8",
            "--rounds",
            "1",
            "--steps",
            "1",
            "--warmup",
            "1",
            "--out",
            out.toString());

    assertThat(code).isZero();
    String[] lines = text.toString().strip().split("\n");
    assertThat(lines[lines.length - 1]).matches("syncbn_ratio_max=\\d+\\.\\d{3}");
    JsonNode json = new ObjectMapper().readTree(out.resolve("syncbn.json").toFile());
    assertThat(json.get("results")).hasSize(1);
    assertThat(json.get("results").get(0).get("per_replica_batch").asInt()).isEqualTo(2);
    assertThat(json.get("results").get(0).get("syncbn_over_bn").asDouble()).isPositive();
    double max = json.get("syncbn_ratio_max").asDouble();
    assertThat(lines[lines.length - 1])
        .isEqualTo(String.format(java.util.Locale.ROOT, "syncbn_ratio_max=%.3f", max));
  }
}
