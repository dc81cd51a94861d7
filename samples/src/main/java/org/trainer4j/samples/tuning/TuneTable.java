package org.trainer4j.samples.tuning;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tune benchmark's results as a Markdown table: one row per (workload, strategy) with the
 * pick's ratio to the best grid size, its interval and whether it is a tie; then per workload the
 * best grid size and the referee's resolution there (the anchor against itself, {@link
 * Referee#selfRatio}).
 */
final class TuneTable {

  private TuneTable() {}

  static String of(List<TuneBenchmark.Row> rows, List<Map<String, Object>> workloads) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| workload | strategy | init -> bs | loops | stop | probe [s] | probe/planned"
            + " | probe/epoch | epoch/best [interval] | coverage | tie |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (TuneBenchmark.Row r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d -> %d | %d | %s | %.2f | %.1f%% | %.1f%% | %.3f [%.3f, %.3f] | %.1f%% | %s |%n",
              r.workload(),
              r.strategy(),
              r.initial(),
              r.chosen(),
              r.loops(),
              r.stopReason(),
              r.probeSeconds(),
              100 * r.probeSeconds() / r.plannedTrainingSeconds(),
              100 * r.probeSeconds() / r.epochSeconds(),
              r.ratio().median(),
              r.ratio().low(),
              r.ratio().high(),
              100 * r.ratio().coverage(),
              r.tie() ? "tie" : ""));
    }
    for (Map<String, Object> w : workloads) {
      sb.append(
          String.format(
              Locale.ROOT,
              "best grid size %s: %s (%.3f s per epoch)%s%n",
              w.get("workload"),
              w.get("best_grid_size"),
              (double) w.get("best_epoch_seconds"),
              selfRatio(w)));
    }
    return sb.toString();
  }

  private static String selfRatio(Map<String, Object> w) {
    if (!(w.get(TuneBenchmark.SELF_RATIO) instanceof List<?> self)) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "; the anchor %s against itself %.3f [%.3f, %.3f] (%.1f%%)",
        w.get("confirming_rounds_anchor"),
        self.get(0),
        self.get(1),
        self.get(2),
        100 * (double) self.get(3));
  }
}
