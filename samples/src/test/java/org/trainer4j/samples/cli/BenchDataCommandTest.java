package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.samples.data.IdxFixtures;
import picocli.CommandLine;

class BenchDataCommandTest {

  @TempDir Path dir;

  private static int run(StringWriter out, StringWriter err, String... args) {
    return new CommandLine(new Main())
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
  }

  @Test
  void comparesBothIteratorsWritesJsonAndEndsWithThePrefetchShare() throws Exception {
    Path data = IdxFixtures.writeFashionMnistLike(dir.resolve("data"), 64, 10);
    Path out = dir.resolve("out");
    StringWriter stdout = new StringWriter();

    int code =
        run(
            stdout,
            new StringWriter(),
            "bench",
            "data",
            "--data",
            data.toString(),
            "--out",
            out.toString(),
            "--rounds",
            "2",
            "--steps",
            "3",
            "--warmup",
            "1",
            "--batch",
            "8",
            "--workers",
            "2",
            "--delay-ms",
            "0.1");

    List<String> lines = stdout.toString().lines().toList();
    JsonNode json = new ObjectMapper().readTree(Files.readString(out.resolve("bench-data.json")));
    assertThat(code).isZero();
    assertThat(lines.get(lines.size() - 1)).matches("prefetch_data_wait_share=\\d+\\.\\d{4}");
    assertThat(lines)
        .anyMatch(l -> l.startsWith("speed-up (serial step time / prefetch step time)"));
    assertThat(lines.get(0)).contains("IDX data").contains(data.toString());
    assertThat(json.get("runs")).hasSize(4);
    assertThat(json.get("runs").get(0).get("iterator").asText()).isEqualTo("serial");
    assertThat(json.get("runs").get(2).get("iterator").asText()).isEqualTo("prefetch");
    assertThat(json.get("runs").get(1).get("data_wait_seconds")).hasSize(3);
    assertThat(json.get("summary").get("prefetch").get("steps").asInt()).isEqualTo(6);
    assertThat(json.get("config").get("bundled_subset").asBoolean()).isFalse();
  }

  @Test
  void rejectsAnUnknownModel() {
    StringWriter stderr = new StringWriter();

    int code = run(new StringWriter(), stderr, "bench", "data", "--model", "resnet");

    assertThat(code).isEqualTo(2);
    assertThat(stderr.toString()).contains("--model must be cnn or mlp: resnet");
  }
}
