package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BnPaperCommandTest {

  @TempDir Path out;

  @Test
  void quickRunRecordsAccuracyAndSigmoidInputPercentiles() throws Exception {
    CommandRun run =
        CommandRun.of(
            "bn-paper",
            "--quick",
            "--data",
            CommandRun.BUNDLED.toString(),
            "--out",
            out.toString());

    assertThat(run.exitCode()).isZero();
    JsonNode json = SampleOutputs.json(out.resolve("bn_paper.json"));
    assertThat(json.get("runs")).hasSize(2);
    for (JsonNode r : json.get("runs")) {
      // measured at step 0 and every 50 steps up to 300
      assertThat(r.get("points")).hasSize(7);
      JsonNode last = r.get("points").get(6);
      assertThat(last.get("p15").asDouble()).isLessThanOrEqualTo(last.get("p50").asDouble());
      assertThat(last.get("p50").asDouble()).isLessThanOrEqualTo(last.get("p85").asDouble());
    }
    assertThat(
            SampleOutputs.csvRows(
                out.resolve("bn_paper.csv"), "batch_norm,step,test_accuracy,p15,p50,p85"))
        .hasSize(14);
    SampleOutputs.assertPng(out.resolve("bn_paper_accuracy.png"));
    SampleOutputs.assertPng(out.resolve("bn_paper_sigmoid_input_bn.png"));
    SampleOutputs.assertPng(out.resolve("bn_paper_sigmoid_input_nobn.png"));
  }

  @Test
  void theLastPointIsTheEndOfTrainingWhenTheStepsAreNotAMultipleOfTheInterval() throws Exception {
    CommandRun run =
        CommandRun.of(
            "bn-paper",
            "--steps",
            "30",
            "--eval-every",
            "20",
            "--data",
            CommandRun.BUNDLED.toString(),
            "--out",
            out.toString());

    assertThat(run.exitCode()).isZero();
    JsonNode json = SampleOutputs.json(out.resolve("bn_paper.json"));
    for (JsonNode r : json.get("runs")) {
      assertThat(r.get("points").findValuesAsText("step")).containsExactly("0", "20", "30");
    }
  }
}
