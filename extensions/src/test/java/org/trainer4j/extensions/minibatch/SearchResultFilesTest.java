package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.monitor.UtilizationStats;

class SearchResultFilesTest {

  @TempDir Path out;

  private static SearchResult result() {
    UtilizationStats util = UtilizationStats.of(new double[] {50, 60, 70}, false);
    return new SearchResult(
        "GpuUsageMaximize",
        32,
        64,
        List.of(
            new SearchStep(1, "loop", 32, 10, 0, 1.0, 1e-3, 50.0, 0.0, Double.NaN, util, false, ""),
            new SearchStep(
                2,
                "loop",
                64,
                1,
                0,
                0.1,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                null,
                true,
                "out of memory: \"Failed to allocate\"")),
        StopReason.MAX_LOOPS,
        "detail",
        1.1,
        50_000);
  }

  @Test
  void jsonHasTheSummaryAndEveryStepWithNullForMissingNumbers() throws Exception {
    SearchResultFiles.write(result(), LrScaling.NONE.name(), 1.0, out);

    JsonNode json = new ObjectMapper().readTree(out.resolve(SearchResultFiles.JSON).toFile());
    assertThat(json.get("chosen_batch_size").asInt()).isEqualTo(64);
    assertThat(json.get("stop_reason").asText()).isEqualTo("MAX_LOOPS");
    assertThat(json.get("steps").get(0).get("utilization").get("top50_mean").asDouble())
        .isEqualTo(65.0);
    assertThat(json.get("steps").get(1).get("epoch_seconds").isNull()).isTrue();
    assertThat(json.get("steps").get(1).get("infeasible").asBoolean()).isTrue();
  }

  @Test
  void csvHasAHeaderAndOneQuotedRowPerStep() throws Exception {
    SearchResultFiles.write(result(), LrScaling.NONE.name(), 1.0, out);

    List<String> lines = Files.readAllLines(out.resolve(SearchResultFiles.CSV));
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("loop,phase,batch_size");
    assertThat(lines.get(1)).startsWith("1,loop,32,10,0,1.00000,").contains(",3,65.0000,");
    assertThat(lines.get(2)).endsWith(",true,\"out of memory: \"\"Failed to allocate\"\"\"");
  }

  @Test
  void plotsUtilizationOnlyWhenItWasSampled() {
    List<Path> written = SearchPlots.write(result(), out);

    assertThat(written)
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder(
            SearchPlots.UTILIZATION_VS_LOOP,
            SearchPlots.UTILIZATION_VS_BATCH,
            SearchPlots.IMPROVEMENT_VS_LOOP,
            SearchPlots.IMPROVEMENT_VS_BATCH);
    assertThat(out.resolve(SearchPlots.UTILIZATION_VS_BATCH)).isNotEmptyFile();
  }
}
