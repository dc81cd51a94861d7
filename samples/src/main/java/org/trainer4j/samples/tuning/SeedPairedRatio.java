package org.trainer4j.samples.tuning;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.trainer4j.samples.tuning.TimeToAccuracy.Outcome;

/**
 * A contender's time to the target over the oracle's, seed by seed: on one seed both start from the
 * same initial parameters and data split and run in the same shuffled round, so what makes a seed
 * slow for every contender cancels in the ratio. The median of the per-seed ratios comes with its
 * distribution-free interval ({@link MedianInterval}); over two seeds that is their range, which
 * covers the median only half the time, and {@link MedianInterval#coverage()} says so. On the
 * full-data MLP the oracle's own runs spread 2.1-6.3 s over eight seeds, so the unpaired interval
 * (a contender's extremes over the oracle's) could not call anything but a tie.
 *
 * <p>A run that never reached the target takes an infinite time: against an oracle run that did,
 * the ratio is infinite; against one that did not, it is 0 when the contender did reach it, and a
 * seed on which neither did has no ratio.
 */
final class SeedPairedRatio {

  private SeedPairedRatio() {}

  /**
   * The per-seed ratios of {@code contender}'s runs to {@code oracle}'s (seeds both ran), or empty
   * when no seed has one.
   */
  static Optional<MedianInterval> of(List<Outcome> contender, List<Outcome> oracle) {
    Preconditions.checkNotNull(contender, "contender");
    Preconditions.checkNotNull(oracle, "oracle");
    Map<Long, Double> oracleSeconds = new LinkedHashMap<>();
    for (Outcome o : oracle) {
      Preconditions.checkArgument(
          oracleSeconds.put(o.seed(), TimeToAccuracyBenchmark.untilTarget(o)) == null,
          "the oracle %s ran seed %s twice",
          o.contender(),
          o.seed());
    }
    List<Double> ratios = new ArrayList<>();
    for (Outcome c : contender) {
      Double base = oracleSeconds.get(c.seed());
      if (base == null) {
        continue;
      }
      double ratio = TimeToAccuracyBenchmark.untilTarget(c) / base;
      if (Double.isNaN(ratio)) { // neither reached the target
        continue;
      }
      ratios.add(ratio);
    }
    return ratios.isEmpty() ? Optional.empty() : Optional.of(MedianInterval.of(ratios));
  }

  /**
   * The per-seed ratios' median and interval ({@link SeedPairedRatio}); infinite ends (a seed that
   * never reached the target) are written as null, as every "never" is.
   */
  static void put(Map<String, Object> row, MedianInterval paired) {
    row.put("paired_ratio", TimeToAccuracyBenchmark.finite(paired.median()));
    row.put(
        "paired_ratio_interval",
        new Double[] {
          TimeToAccuracyBenchmark.finite(paired.low()),
          TimeToAccuracyBenchmark.finite(paired.high())
        });
    row.put("paired_ratio_coverage", paired.coverage());
    row.put("paired_tie_with_best", paired.contains(1.0));
  }

  /** {@code median [low, high] (coverage %), tie}, or nothing without an oracle. */
  static String text(Map<String, Object> row) {
    if (!(row.get("paired_ratio_interval") instanceof Double[] i)) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "%s [%s, %s] (%.0f %% coverage)%s",
        TimeToAccuracyBenchmark.fmt(row.get("paired_ratio")),
        TimeToAccuracyBenchmark.fmt(i[0]),
        TimeToAccuracyBenchmark.fmt(i[1]),
        100 * (Double) row.get("paired_ratio_coverage"),
        Boolean.TRUE.equals(row.get("paired_tie_with_best")) ? ", tie" : "");
  }
}
