package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BnDepthCommandTest {

  @TempDir Path out;

  @Test
  void quickRunLogsEveryNetworkAndWritesResults() throws Exception {
    CommandRun run =
        CommandRun.of(
            "bn-depth",
            "--quick",
            "--data",
            CommandRun.BUNDLED.toString(),
            "--out",
            out.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.output()).contains("fashion-mnist-subset").doesNotContain("/usr/share/datasets");
    assertThat(run.lines()).anyMatch(l -> l.startsWith("15 layers no BN"));
    JsonNode json = SampleOutputs.json(out.resolve("bn_depth.json"));
    assertThat(json.get("runs")).hasSize(4);
    for (JsonNode r : json.get("runs")) {
      assertThat(r.get("log")).hasSize(2); // epoch 0 and epoch 1
      assertThat(r.get("testError").asDouble()).isBetween(0.0, 100.0);
    }
    assertThat(
            SampleOutputs.csvRows(
                out.resolve("bn_depth.csv"),
                "layers,batch_norm,epoch,train_loss,train_error,val_loss,val_error"))
        .hasSize(8);
    SampleOutputs.assertPng(out.resolve("bn_depth_val_loss.png"));
    SampleOutputs.assertPng(out.resolve("bn_depth_val_error.png"));
  }
}
