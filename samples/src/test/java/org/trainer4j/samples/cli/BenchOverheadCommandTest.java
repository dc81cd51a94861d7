package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchOverheadCommandTest {

  @TempDir Path out;

  @Test
  void quickRunPrintsTheRatioLastAndWritesJson() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run("bench", "overhead", "--quick", "--out", out.toString());
    } finally {
      System.setOut(original);
    }

    var lines = captured.toString(StandardCharsets.UTF_8).strip().lines().toList();
    assertThat(code).isZero();
    assertThat(lines.get(lines.size() - 1)).matches("overhead_ratio=\\d+\\.\\d{4}");
    JsonNode json = new ObjectMapper().readTree(out.resolve("overhead.json").toFile());
    assertThat(json.get("rounds")).hasSize(2);
    assertThat(json.get("overhead_ratio").asDouble()).isPositive();
  }

  @Test
  void helpDescribesTheHeadline() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Main.run("bench", "overhead", "--help");
    } finally {
      System.setOut(original);
    }

    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("overhead_ratio");
  }
}
