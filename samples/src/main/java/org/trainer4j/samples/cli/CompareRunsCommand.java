package org.trainer4j.samples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.trainer4j.samples.common.Results;
import org.trainer4j.samples.tuning.RunComparison;
import org.trainer4j.samples.tuning.RunComparison.Row;
import org.trainer4j.samples.tuning.RunComparison.Run;
import org.trainer4j.samples.tuning.RunComparison.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code compare-runs}: finished {@code train} runs side by side, by time to a target. */
@Command(
    name = "compare-runs",
    mixinStandardHelpOptions = true,
    description = {
      "Reads the log (and test.json) that each run's trainer wrote into its output directory and"
          + " reports when each first reached the target value of --key (at or below it for a"
          + " loss or an error, at or above it otherwise), in elapsed seconds since"
          + " its trainer started (search and evaluations included), its last and best value and"
          + " its test accuracy. Writes compare_runs.json and a plot of the key against elapsed"
          + " seconds into --out. One run per contender: a single pair of runs has no interval, so"
          + " run contenders side by side or repeat them before calling a difference.",
      "Last line: time_to_target_ratio=<the first run's seconds to the target over the fastest"
          + " other run's> (below 1: the first got there sooner; Infinity: only the others did;"
          + " NaN: none of the others did)."
    })
public final class CompareRunsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--run",
      required = true,
      description =
          "NAME=DIR, a run's label and the --out directory it trained into; give at least two,"
              + " each with its own name, the run being judged first.")
  List<String> runs;

  @Option(
      names = "--target",
      defaultValue = "0.90",
      description = "The value of --key to reach (default ${DEFAULT-VALUE}).")
  double target;

  @Option(
      names = "--key",
      defaultValue = "validation/main/accuracy",
      description = "The log key compared (default ${DEFAULT-VALUE}).")
  String key;

  @Option(
      names = "--lower-is-better",
      negatable = true,
      description =
          "Whether --key reaches the target by falling to it (--lower-is-better) or by rising to it"
              + " (--no-lower-is-better); default: falling for a key naming a loss or an error.")
  Boolean lowerIsBetter;

  @Option(
      names = "--out",
      defaultValue = "result/compare-runs",
      description = "Output directory (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (runs.size() < 2) {
      throw new ParameterException(
          spec.commandLine(), "--run: give at least two runs to compare, got " + runs.size());
    }
    if (!Double.isFinite(target)) {
      throw new ParameterException(
          spec.commandLine(), "--target must be a finite number, got " + target);
    }
    Target goal =
        lowerIsBetter == null ? Target.forKey(key, target) : new Target(target, lowerIsBetter);
    Set<String> names = new LinkedHashSet<>();
    for (String run : runs) {
      int eq = run.indexOf('=');
      if (eq <= 0 || eq == run.length() - 1) {
        throw new ParameterException(
            spec.commandLine(), "--run: expected NAME=DIR, got '" + run + "'");
      }
      // The name labels the run's line, plot curve and JSON row: a repeat makes two of them one.
      if (!names.add(run.substring(0, eq))) {
        throw new ParameterException(
            spec.commandLine(),
            "--run: the name '" + run.substring(0, eq) + "' is given twice; name each run once");
      }
    }
    OptionChecks.outputDirectory(spec, "--out", out);
    List<Run> loaded = new ArrayList<>();
    for (String run : runs) {
      int eq = run.indexOf('=');
      loaded.add(Run.read(run.substring(0, eq), Path.of(run.substring(eq + 1))));
    }
    checkKeyIsLogged(loaded);
    List<Row> rows = loaded.stream().map(r -> RunComparison.row(r, key, goal)).toList();
    rows.forEach(r -> System.out.println(r.describe(goal)));
    double ratio = RunComparison.firstToFastestOther(rows);

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("key", key);
    json.put("target", target);
    json.put("lower_is_better", goal.lowerIsBetter());
    json.put("runs", runs);
    json.put("rows", rows);
    json.put("time_to_target_ratio", Double.isFinite(ratio) ? ratio : String.valueOf(ratio));
    Results.writeJson(out.resolve("compare_runs.json"), json);
    RunComparison.plot(out.resolve("accuracy_vs_time.png"), loaded, key, target);
    System.out.println(String.format(Locale.ROOT, "time_to_target_ratio=%.4f", ratio));
    return 0;
  }

  /** A misspelt key once reported every run as "never reached; last NaN at NaN s". */
  private void checkKeyIsLogged(List<Run> loaded) {
    Set<String> logged = new LinkedHashSet<>();
    loaded.forEach(r -> logged.addAll(r.keysWithValues()));
    if (!logged.contains(key)) {
      throw new ParameterException(
          spec.commandLine(),
          "--key " + key + " has no value in any run's log; the logs have " + logged);
    }
  }
}
