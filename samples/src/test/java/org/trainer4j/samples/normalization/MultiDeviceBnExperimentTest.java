package org.trainer4j.samples.normalization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trainer4j.samples.common.Plots;

class MultiDeviceBnExperimentTest {

  @Test
  void curvesPlaceEvaluationsWithinAnEpochAtTheirFractionalEpoch() {
    // Four evaluations per 40-iteration epoch: the log's whole epoch is 0, 0, 0, 1.
    List<Map<String, Double>> log =
        List.of(
            Map.of("epoch", 0.0, "iteration", 10.0, "main/loss", 2.0),
            Map.of("epoch", 0.0, "iteration", 20.0, "main/loss", 1.5),
            Map.of("epoch", 0.0, "iteration", 30.0, "main/loss", 1.2),
            Map.of("epoch", 1.0, "iteration", 40.0, "main/loss", 1.0));

    Plots.Series s = MultiDeviceBnExperiment.series(log, "main/loss", 40);

    assertThat(s.x()).containsExactly(0.25, 0.5, 0.75, 1.0);
    assertThat(s.y()).containsExactly(2.0, 1.5, 1.2, 1.0);
  }
}
