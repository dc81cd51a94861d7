package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyNormCommandTest {

  @TempDir Path out;

  @Test
  void quickRunMeasuresEveryNormalizationAtEveryBatchSize() throws Exception {
    CommandRun run =
        CommandRun.of(
            "proxy-norm",
            "--quick",
            "--data",
            CommandRun.BUNDLED.toString(),
            "--out",
            out.toString());

    assertThat(run.exitCode()).isZero();
    JsonNode json = SampleOutputs.json(out.resolve("proxy_norm.json"));
    assertThat(json.get("runs")).hasSize(8);
    assertThat(json.get("runs").findValuesAsText("normalization"))
        .containsOnly("BN", "GroupNorm", "GroupNorm+ProxyNorm", "LayerNorm+ProxyNorm");
    for (JsonNode r : json.get("runs")) {
      assertThat(r.get("testAccuracy").asDouble()).isBetween(0.0, 1.0);
      // one epoch of 256 examples
      assertThat(r.get("iterations").asLong()).isEqualTo(256 / r.get("batchSize").asLong());
    }
    SampleOutputs.assertPng(out.resolve("proxy_norm_accuracy.png"));
  }
}
