package org.trainer4j.samples.tuning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.trainer4j.extensions.report.LogReport;
import org.trainer4j.samples.common.Plots;

/**
 * Finished (or running) training runs side by side, from what each wrote into its output directory:
 * the {@link LogReport} file {@code log} and, when the run got that far, {@code test.json}. The
 * question it answers is the one users tune the batch size for: which run reached the target
 * accuracy first, in wall-clock seconds since its trainer started (search and evaluations included,
 * as a user waits for them).
 */
public final class RunComparison {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RunComparison() {}

  /**
   * One run's log.
   *
   * @param name the label it is reported and plotted under
   * @param log the log's entries, in order
   * @param testAccuracy {@code test_accuracy} of the run's {@code test.json}, or NaN without one
   */
  public record Run(String name, List<Map<String, Double>> log, double testAccuracy) {

    public Run {
      Preconditions.checkArgument(name != null && !name.isBlank(), "a run needs a name");
      log = List.copyOf(log);
    }

    /** Reads the run that wrote {@code dir}: its {@code log}, and {@code test.json} if present. */
    public static Run read(String name, Path dir) throws IOException {
      Preconditions.checkNotNull(dir, "dir");
      Path logFile = dir.resolve("log");
      Preconditions.checkArgument(
          Files.isRegularFile(logFile),
          "run %s: no log file %s (the LogReport of a trainer whose --out was %s)",
          name,
          logFile,
          dir);
      Path test = dir.resolve("test.json");
      double accuracy = Double.NaN;
      if (Files.isRegularFile(test)) {
        JsonNode node = JSON.readTree(test.toFile()).get("test_accuracy");
        accuracy = node != null && node.isNumber() ? node.doubleValue() : Double.NaN;
      }
      return new Run(name, LogReport.read(logFile), accuracy);
    }

    /** The keys with a value (not NaN) in some entry of the log, in the order they first appear. */
    public Set<String> keysWithValues() {
      Set<String> keys = new LinkedHashSet<>();
      for (Map<String, Double> entry : log) {
        entry.forEach(
            (key, value) -> {
              if (value != null && !value.isNaN()) {
                keys.add(key);
              }
            });
      }
      return keys;
    }
  }

  /**
   * The value a run must reach and from which side: a loss falls to its target, an accuracy rises
   * to it.
   *
   * @param value the target value, finite
   * @param lowerIsBetter whether a value at or below the target reaches it (else at or above)
   */
  public record Target(double value, boolean lowerIsBetter) {

    public Target {
      Preconditions.checkArgument(Double.isFinite(value), "target must be finite: %s", value);
    }

    /**
     * The target for {@code key}: lower is better when the key names a loss or an error ({@code
     * validation/main/loss}), higher otherwise ({@code validation/main/accuracy}).
     */
    public static Target forKey(String key, double value) {
      String k = key.toLowerCase(Locale.ROOT);
      return new Target(value, k.contains("loss") || k.contains("error"));
    }

    /** Whether {@code v} has reached the target. */
    public boolean reachedBy(double v) {
      return lowerIsBetter ? v <= value : v >= value;
    }

    /** The better of two values. */
    double better(double a, double b) {
      return lowerIsBetter ? Math.min(a, b) : Math.max(a, b);
    }

    /** The condition, as {@code <= 0.3000} or {@code >= 0.9000}. */
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s %.4f", lowerIsBetter ? "<=" : ">=", value);
    }
  }

  /**
   * What one run reached.
   *
   * @param name the run's label
   * @param secondsToTarget elapsed seconds at the first entry whose {@code key} reached the target,
   *     NaN if none did
   * @param epochToTarget that entry's epoch, or -1
   * @param lastSeconds elapsed seconds of the last entry with the key (NaN without one)
   * @param lastValue the key's value there (NaN without one)
   * @param bestValue the best value of the key over the log, the lowest where lower is better (NaN
   *     without one)
   * @param testAccuracy from {@code test.json}, NaN without one
   */
  public record Row(
      String name,
      double secondsToTarget,
      int epochToTarget,
      double lastSeconds,
      double lastValue,
      double bestValue,
      double testAccuracy) {

    /** One line of the report. */
    public String describe(Target target) {
      String reached =
          Double.isNaN(secondsToTarget)
              ? "never reached " + target
              : String.format(
                  Locale.ROOT,
                  "reached %s at epoch %d after %.1f s",
                  target,
                  epochToTarget,
                  secondsToTarget);
      return String.format(
          Locale.ROOT,
          "%s: %s; last %.4f at %.1f s, best %.4f; test accuracy %s",
          name,
          reached,
          lastValue,
          lastSeconds,
          bestValue,
          Double.isNaN(testAccuracy) ? "-" : String.format(Locale.ROOT, "%.4f", testAccuracy));
    }
  }

  /** What {@code run} reached of {@code key} (e.g. {@code validation/main/accuracy}). */
  public static Row row(Run run, String key, Target target) {
    double toTarget = Double.NaN;
    int epoch = -1;
    double lastSeconds = Double.NaN;
    double lastValue = Double.NaN;
    double best = Double.NaN;
    for (Map<String, Double> entry : run.log()) {
      Double value = entry.get(key);
      if (value == null || value.isNaN()) {
        continue; // an entry of a trigger that did not evaluate
      }
      double seconds = entry.getOrDefault(LogReport.ELAPSED_TIME, Double.NaN);
      if (Double.isNaN(toTarget) && target.reachedBy(value)) {
        toTarget = seconds;
        epoch = entry.getOrDefault(LogReport.EPOCH, -1.0).intValue();
      }
      lastSeconds = seconds;
      lastValue = value;
      best = Double.isNaN(best) ? value : target.better(best, value);
    }
    return new Row(run.name(), toTarget, epoch, lastSeconds, lastValue, best, run.testAccuracy());
  }

  /**
   * The first run's seconds to the target over the fastest other run's: below 1 the first run got
   * there sooner. Infinity if only the others reached it, NaN if none of the others did.
   */
  public static double firstToFastestOther(List<Row> rows) {
    Preconditions.checkArgument(rows.size() >= 2, "need at least two runs to compare");
    double fastestOther =
        rows.subList(1, rows.size()).stream()
            .mapToDouble(Row::secondsToTarget)
            .filter(s -> !Double.isNaN(s))
            .min()
            .orElse(Double.NaN);
    double first = rows.get(0).secondsToTarget();
    if (Double.isNaN(fastestOther)) {
      return Double.NaN;
    }
    return Double.isNaN(first) ? Double.POSITIVE_INFINITY : first / fastestOther;
  }

  /** The key against elapsed seconds, one line per run, and the target as a horizontal line. */
  public static void plot(Path png, List<Run> runs, String key, double target) throws IOException {
    Map<String, Plots.Series> series = new LinkedHashMap<>();
    for (Run run : runs) {
      List<Map<String, Double>> points =
          run.log().stream()
              .filter(e -> e.get(key) != null && !e.get(key).isNaN())
              .filter(e -> e.get(LogReport.ELAPSED_TIME) != null)
              .toList();
      double[] x = points.stream().mapToDouble(e -> e.get(LogReport.ELAPSED_TIME)).toArray();
      double[] y = points.stream().mapToDouble(e -> e.get(key)).toArray();
      series.put(run.name(), new Plots.Series(x, y));
    }
    Plots.lines(
        png,
        key + " vs wall-clock seconds",
        "elapsed seconds",
        key,
        Plots.withTarget(series, target),
        false);
  }
}
