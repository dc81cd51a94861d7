package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The time-to-accuracy benchmark's last line is the worst workload's ratio: one workload where
 * goodput lost is not hidden by another where it won.
 */
class TimeToAccuracyHeadlineTest {

  /** A workload's summary as {@code TimeToAccuracySummary} writes it, with the goodput row. */
  private static Map<String, Object> workload(Double goodputRatio, boolean oracleReached) {
    Map<String, Object> summary = new HashMap<>();
    summary.put("oracle_reached_target", oracleReached);
    summary.put(
        "contenders",
        List.of(Map.of("contender", "goodput-adaptive"), Map.of("contender", "grid-32")));
    summary.put("goodput_time_to_target_ratio_to_best", goodputRatio);
    return summary;
  }

  private static double worst(List<Map<String, Object>> summaries) {
    return TimeToAccuracyCommand.worstRatio(new ArrayList<Object>(summaries));
  }

  @Test
  void theHeadlineIsTheHighestRatioOverTheWorkloads() {
    assertThat(worst(List.of(workload(0.9, true), workload(1.3, true), workload(1.1, true))))
        .isEqualTo(1.3);
  }

  @Test
  void aWorkloadWhereGoodputNeverReachedTheTargetMakesTheHeadlineInfinite() {
    assertThat(worst(List.of(workload(0.9, true), workload(null, true)))).isInfinite();
  }

  @Test
  void aWorkloadWithoutAnOracleOrWithoutTheGoodputContenderLeavesNoHeadline() {
    assertThat(worst(List.of(workload(0.9, true), workload(null, false)))).isNaN();
    Map<String, Object> withoutGoodput = workload(null, true);
    withoutGoodput.put("contenders", List.of(Map.of("contender", "grid-32")));
    assertThat(worst(List.of(workload(0.9, true), withoutGoodput))).isNaN();
  }
}
