package org.trainer4j.samples.tuning;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.trainer4j.samples.tuning.TimeToAccuracy.Contender;
import org.trainer4j.samples.tuning.TimeToAccuracy.Job;
import org.trainer4j.samples.tuning.TimeToAccuracy.Outcome;

/**
 * The summary of one workload's time-to-accuracy runs: per contender the median seconds to the
 * target with the min-max over seeds, the ratio to the oracle (the best grid size by its median)
 * with its interval and the seed-paired ratio, the goodput contender's ratio and the best
 * learning-rate rule of each strategy. Used by a whole run and by the merge of shards alike.
 */
final class TimeToAccuracySummary {

  private TimeToAccuracySummary() {}

  /** Medians and intervals per contender, the oracle, the goodput ratio. */
  static Map<String, Object> of(
      String workload,
      Job job,
      List<Contender> contenders,
      List<Outcome> outcomes,
      PrintStream log) {
    Map<String, double[]> times = new LinkedHashMap<>();
    Map<String, List<Outcome>> runs = new LinkedHashMap<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Contender c : contenders) {
      List<Outcome> mine = outcomes.stream().filter(o -> o.contender().equals(c.name())).toList();
      if (mine.isEmpty()) {
        continue; // a contender left out of this run (--only) or of every merged shard
      }
      double[] t =
          mine.stream().mapToDouble(TimeToAccuracyBenchmark::untilTarget).sorted().toArray();
      times.put(c.name(), t);
      runs.put(c.name(), mine);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("contender", c.name());
      row.put("kind", c.kind().name());
      row.put("lr_rule", c.rule().name());
      row.put(
          "median_seconds_to_target",
          TimeToAccuracyBenchmark.finite(TimeToAccuracyBenchmark.median(t)));
      row.put("min_seconds_to_target", TimeToAccuracyBenchmark.finite(t[0]));
      row.put("max_seconds_to_target", TimeToAccuracyBenchmark.finite(t[t.length - 1]));
      row.put(
          "median_final_test_accuracy",
          TimeToAccuracyBenchmark.median(
              mine.stream().mapToDouble(Outcome::finalTestAccuracy).sorted().toArray()));
      row.put("final_batch_sizes", mine.stream().map(Outcome::finalBatchSize).toList());
      row.put("runs", mine);
      rows.add(row);
    }
    String best = null;
    for (Contender c : contenders) {
      if (c.name().startsWith("grid-")
          && times.containsKey(c.name())
          && (best == null
              || TimeToAccuracyBenchmark.median(times.get(c.name()))
                  < TimeToAccuracyBenchmark.median(times.get(best)))) {
        best = c.name();
      }
    }
    // An oracle that never reached the target is none: every ratio to it read 0.0 ("perfect").
    boolean oracleReached =
        best != null && Double.isFinite(TimeToAccuracyBenchmark.median(times.get(best)));
    if (!oracleReached) {
      best = null;
    }
    double bestMedian = best == null ? Double.NaN : TimeToAccuracyBenchmark.median(times.get(best));
    for (Map<String, Object> row : rows) {
      double[] t = times.get((String) row.get("contender"));
      row.put(
          "ratio_to_best",
          TimeToAccuracyBenchmark.finite(TimeToAccuracyBenchmark.median(t) / bestMedian));
      if (best != null) {
        double[] b = times.get(best);
        double low = t[0] / maxOf(b);
        double high = t[t.length - 1] / b[0];
        row.put(
            "ratio_interval",
            new Double[] {
              TimeToAccuracyBenchmark.finite(low), TimeToAccuracyBenchmark.finite(high)
            });
        // Every run's time over the oracle's extremes: when that range holds 1.0, the runs cannot
        // tell the contender from the best grid size.
        row.put("tie_with_best", low <= 1 && 1 <= high);
        SeedPairedRatio.of(runs.get((String) row.get("contender")), runs.get(best))
            .ifPresent(paired -> SeedPairedRatio.put(row, paired));
      }
    }
    Map<String, Object> goodputRow =
        rows.stream()
            .filter(r -> TimeToAccuracyBenchmark.GOODPUT.equals(r.get("contender")))
            .findFirst()
            .orElse(Map.of());
    log.printf(
        "%n%s: target validation accuracy %.2f, %d epochs%n", workload, job.target(), job.epochs());
    log.printf(
        "%-18s %12s %22s %8s %18s %4s %10s  %s%n",
        "contender",
        "median s",
        "min-max s",
        "ratio",
        "interval",
        "",
        "test acc",
        "paired by seed");
    for (Map<String, Object> row : rows) {
      log.printf(
          "%-18s %12s %22s %8s %18s %4s %10.4f  %s%n",
          row.get("contender"),
          TimeToAccuracyBenchmark.fmt(row.get("median_seconds_to_target")),
          TimeToAccuracyBenchmark.fmt(row.get("min_seconds_to_target"))
              + " - "
              + TimeToAccuracyBenchmark.fmt(row.get("max_seconds_to_target")),
          TimeToAccuracyBenchmark.fmt(row.get("ratio_to_best")),
          interval(row),
          Boolean.TRUE.equals(row.get("tie_with_best")) ? "tie" : "",
          (Double) row.get("median_final_test_accuracy"),
          SeedPairedRatio.text(row));
    }
    log.printf(
        "best grid size: %s; %s / best = %s %s%s%s%n",
        best == null ? "none reached the target" : best,
        TimeToAccuracyBenchmark.GOODPUT,
        TimeToAccuracyBenchmark.fmt(goodputRow.get("ratio_to_best")),
        interval(goodputRow),
        tieNote(goodputRow.get("tie_with_best")),
        goodputRow.containsKey("paired_ratio")
            ? "; paired by seed " + SeedPairedRatio.text(goodputRow)
            : "");
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("workload", workload);
    // Merged shards have no datasets, only the sizes their JSONs recorded.
    summary.put("train_examples", job.train() == null ? null : job.train().size());
    summary.put("test_examples", job.test() == null ? null : job.test().size());
    summary.put("target", job.target());
    summary.put("epochs", job.epochs());
    summary.put("replicas", job.replicas());
    summary.put("evals_per_epoch", job.evalsPerEpoch());
    summary.put("initial_batch_size", job.initialBatchSize());
    summary.put("lr", job.lr());
    summary.put("lr_decay", job.lrDecay());
    // Null where merged shards did not record it.
    summary.put(
        "critical_batch_factor",
        Double.isNaN(job.criticalBatchFactor()) ? null : job.criticalBatchFactor());
    summary.put("best_grid", best);
    summary.put("oracle_reached_target", oracleReached);
    summary.put("goodput_contender", TimeToAccuracyBenchmark.GOODPUT);
    summary.put("goodput_time_to_target_ratio_to_best", goodputRow.get("ratio_to_best"));
    summary.put("goodput_ratio_interval", goodputRow.get("ratio_interval"));
    summary.put("goodput_tie_with_best", goodputRow.get("tie_with_best"));
    summary.put("goodput_paired_ratio", goodputRow.get("paired_ratio"));
    summary.put("goodput_paired_ratio_interval", goodputRow.get("paired_ratio_interval"));
    summary.put("goodput_paired_coverage", goodputRow.get("paired_ratio_coverage"));
    summary.put("goodput_paired_tie_with_best", goodputRow.get("paired_tie_with_best"));
    summary.put("best_rule_per_strategy", bestRules(contenders, times));
    summary.put("contenders", rows);
    return summary;
  }

  /** Per strategy (goodput's included), the rule with the lowest median time to the target. */
  private static Map<String, String> bestRules(
      List<Contender> contenders, Map<String, double[]> times) {
    Map<String, String> best = new LinkedHashMap<>();
    Map<String, Double> bestMedian = new LinkedHashMap<>();
    for (Contender c : contenders) {
      if (c.kind() == TimeToAccuracy.Kind.FIXED || !times.containsKey(c.name())) {
        continue;
      }
      String strategy = c.kind().label();
      double m = TimeToAccuracyBenchmark.median(times.get(c.name()));
      if (!bestMedian.containsKey(strategy) || m < bestMedian.get(strategy)) {
        bestMedian.put(strategy, m);
        best.put(strategy, Double.isFinite(m) ? c.rule().name() : "none reached the target");
      }
    }
    return best;
  }

  private static double maxOf(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }

  /** A row's ratio interval as {@code [low, high]}; empty without an oracle. */
  private static String interval(Map<String, Object> row) {
    return row.get("ratio_interval") instanceof Double[] i
        ? "[" + TimeToAccuracyBenchmark.fmt(i[0]) + ", " + TimeToAccuracyBenchmark.fmt(i[1]) + "]"
        : "";
  }

  /** Whether the goodput contender ties the oracle, as the line before the last says it. */
  private static String tieNote(Object tie) {
    if (tie == null) {
      return ""; // no oracle to tie
    }
    return Boolean.TRUE.equals(tie) ? ", a tie with it" : ", not a tie";
  }
}
