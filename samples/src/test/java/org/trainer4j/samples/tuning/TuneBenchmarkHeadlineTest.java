package org.trainer4j.samples.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tune benchmark's last line is the upper end of our strategy's worst interval. */
class TuneBenchmarkHeadlineTest {

  private static TuneBenchmark.Row row(String workload, String strategy, double low, double high) {
    MedianInterval ratio = new MedianInterval((low + high) / 2, low, high, 0.96);
    return new TuneBenchmark.Row(
        workload, strategy, 32, 64, 3, "CONVERGED", 1, 40, 4, ratio, ratio, 64, Map.of());
  }

  @Test
  void theHeadlineIsTheHighestUpperEndOverTheWorkloadsOfThatStrategyAlone() {
    List<TuneBenchmark.Row> rows =
        List.of(
            row("mlp", "ThroughputMaximize", 0.99, 1.02),
            row("tiny", "ThroughputMaximize", 1.01, 1.04), // highest upper end, not highest median
            row("cnn", "ThroughputMaximize", 1.03, 1.035),
            row("cnn", "StayAtInitial", 2.0, 3.7)); // another strategy's row counts for nothing

    assertThat(TuneBenchmark.worstRatio(rows, "ThroughputMaximize")).isEqualTo(1.04);
    assertThat(TuneBenchmark.worstRatio(rows, "StayAtInitial")).isEqualTo(3.7);
  }

  @Test
  void withoutARowOfTheStrategyThereIsNoHeadlineRatherThanAZero() {
    assertThat(TuneBenchmark.worstRatio(List.of(row("mlp", "Ludwig", 1, 2)), "ThroughputMaximize"))
        .isNaN();
  }
}
