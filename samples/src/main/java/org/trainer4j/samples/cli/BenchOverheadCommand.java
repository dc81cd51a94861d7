package org.trainer4j.samples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.trainer4j.extensions.report.LogReport;
import org.trainer4j.extensions.report.ObserveLr;
import org.trainer4j.samples.bench.OverheadBenchmark;
import org.trainer4j.training.triggers.IntervalTrigger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench overhead}: trainer4j's Trainer against a plain DL4J fit loop. */
@Command(
    name = "overhead",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the same MLP (784-1000-1000-10, batch 128) on the same batches with a plain DL4J fit"
          + " loop and with trainer4j's Trainer plus ObserveLr and LogReport, alternating the two in"
          + " rounds; prints the time ratio trainer/plain.",
      "Last line: overhead_ratio=<value> (target: at most 1.03)."
    })
public final class BenchOverheadCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--rounds",
      defaultValue = "8",
      description = "A/B rounds, at least 1 (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--steps",
      defaultValue = "20",
      description = "Training steps per side per round, at least 1 (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--batch-size",
      defaultValue = "128",
      description = "Batch size, at least 1 (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description =
          "Untimed steps per side first, at least 1: the first round's clock starts when the"
              + " warm-up's last step ends (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--out",
      defaultValue = "result/bench-overhead",
      description = "Output directory.")
  Path out;

  @Option(names = "--quick", description = "Tiny settings for a smoke run (2 rounds of 3 steps).")
  boolean quick;

  @Override
  public Integer call() throws Exception {
    // Named here, not as OverheadBenchmark's "warmupSteps must be at least 1" (exit 1).
    OptionChecks.atLeast(spec, "--rounds", rounds, 1);
    OptionChecks.atLeast(spec, "--steps", steps, 1);
    OptionChecks.atLeast(spec, "--batch-size", batchSize, 1);
    OptionChecks.atLeast(spec, "--warmup", warmup, 1);
    var settings =
        quick
            ? new OverheadBenchmark.Settings(2, 3, batchSize, 2, 1)
            : new OverheadBenchmark.Settings(rounds, steps, batchSize, warmup, 1);
    // What a typical script registers every iteration: the learning rate observed, and a LogReport
    // that averages all observations and writes its JSON log every 100 iterations.
    new OverheadBenchmark(
            settings,
            new ObserveLr(),
            LogReport.builder().trigger(IntervalTrigger.iterations(100)).build())
        .run(out, System.out);
    return 0;
  }
}
