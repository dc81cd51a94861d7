package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiDeviceBnCommandTest {

  @TempDir Path out;

  @Test
  void quickRunTrainsEveryVariantDataParallelAndWritesCurves() throws Exception {
    CommandRun run =
        CommandRun.of(
            "multi-device-bn",
            "--quick",
            "--batches",
            "2,8",
            "--data",
            CommandRun.BUNDLED.toString(),
            "--out",
            out.toString());

    assertThat(run.exitCode()).isZero();
    JsonNode json = SampleOutputs.json(out.resolve("multi_device_bn.json"));
    assertThat(json.get("runs")).hasSize(6);
    assertThat(json.get("runs").findValuesAsText("normalization"))
        .containsOnly("BN", "SyncBN", "noBN");
    for (JsonNode r : json.get("runs")) {
      assertThat(r.get("log")).hasSize(2); // evaluated twice per epoch
      assertThat(r.get("log").get(1).has("validation/main/accuracy")).isTrue();
      assertThat(r.get("log").get(0).get("iteration").asDouble())
          .isLessThan(r.get("log").get(1).get("iteration").asDouble());
    }
    assertThat(
            SampleOutputs.csvRows(
                out.resolve("multi_device_bn.csv"),
                "per_replica_batch,normalization,test_accuracy,test_loss,seconds"))
        .hasSize(6);
    SampleOutputs.assertPng(out.resolve("multi_device_bn_accuracy_b2.png"));
    SampleOutputs.assertPng(out.resolve("multi_device_bn_loss_b8.png"));
  }
}
