package org.trainer4j.samples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.trainer4j.samples.tuning.TuneBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The minibatch-size benchmark: strategies and peers against a fixed oracle grid. */
@Command(
    name = "tune",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks the minibatch-size strategies (ThroughputMaximize, the paper's EpochTimeMinimize"
          + " and GpuUsageMaximize) and peers' rules (stay at the initial size, Lightning power"
          + " mode, Ludwig, DeepSpeed autotuning) against a fixed oracle grid, all timed by a"
          + " referee in interleaved rounds.",
      "Last line: tuner_worst_ratio_to_best=<upper end of ThroughputMaximize's worst ratio"
          + " interval>."
    })
public final class TuneCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--workloads",
      split = ",",
      defaultValue = "mlp,cnn,tiny,loading",
      description =
          "mlp, cnn, tiny, loading, and the seed paper's vgg16 and resnet50 (CIFAR-100 shape,"
              + " narrowed; slow); comma-separated; default: ${DEFAULT-VALUE}. A name with +load"
              + " (cnn+load) runs that workload under the background load only.")
  List<String> workloads;

  @Option(
      names = "--data",
      description = "Fashion-MNIST IDX directory (default: the Debian package's, else bundled).")
  Path data;

  @Option(names = "--quick", description = "Smaller models, data and grid: a few minutes.")
  boolean quick;

  @Option(
      names = "--background-load",
      description =
          "Run every workload once more under an on/off CPU load the benchmark starts itself"
              + " (2 busy threads, 1.5 s on / 1.5 s off, stopped with the workload).")
  boolean backgroundLoad;

  @Option(
      names = "--initial",
      defaultValue = "32",
      description = "Initial batch size (default ${DEFAULT-VALUE}).")
  int initial;

  @Option(
      names = "--paper-cap",
      defaultValue = "20",
      description =
          "Seconds after which the paper's strategies start no further loop (default"
              + " ${DEFAULT-VALUE}); the loop under way finishes, so they may pass it by one loop.")
  double paperCap;

  @Option(
      names = "--strategies",
      split = ",",
      defaultValue = "tm,etm,gum,peers",
      description = "tm, etm, gum, peers (default: ${DEFAULT-VALUE}).")
  List<String> strategies;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description =
          "Referee rounds over the grid and every pick (at least 3; default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--confirm-rounds",
      defaultValue = "9",
      description =
          "Confirming referee rounds over the picks, the grid sizes within 20 %% of the best"
              + " and the best grid size so far against itself, each size in short windows"
              + " alternating with that best's (default ${DEFAULT-VALUE}: each ratio's interval is"
              + " a 96 %% confidence interval of its median over nine rounds; 0: the ratio is"
              + " paired by round over the --rounds).")
  int confirmRounds;

  @Option(
      names = "--pass-seconds",
      description =
          "Seconds each referee pass of a size lasts at least (and 5 steps; 3 with --quick);"
              + " under --background-load at least one period of the load (default: 0.4, 0.15 with"
              + " --quick).")
  Double passSeconds;

  @Option(
      names = "--out",
      defaultValue = "tune-out",
      description = "Output directory (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of models and data (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    OptionChecks.atLeast(spec, "--initial", initial, 1);
    OptionChecks.positive(spec, "--paper-cap", paperCap);
    if (rounds < 3) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--rounds must be at least 3, got " + rounds);
    }
    if (confirmRounds < 0) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--confirm-rounds must be at least 0, got " + confirmRounds);
    }
    if (passSeconds != null) {
      OptionChecks.positive(spec, "--pass-seconds", passSeconds);
    }
    // The benchmark meets each name only when its turn comes: "mlp,bogus" ran mlp for minutes.
    OptionChecks.namesFrom(spec, "--workloads", workloads, workloadNames(), false);
    OptionChecks.namesFrom(spec, "--strategies", strategies, TuneBenchmark.STRATEGIES, true);
    OptionChecks.outputDirectory(spec, "--out", out);
    String commandLine = String.join(" ", spec.commandLine().getParseResult().originalArgs());
    TuneBenchmark benchmark =
        new TuneBenchmark(
            new TuneBenchmark.Settings(
                workloads,
                data,
                quick,
                backgroundLoad,
                initial,
                paperCap,
                strategies,
                rounds,
                confirmRounds,
                passSeconds != null ? passSeconds : quick ? 0.15 : 0.4,
                out,
                seed,
                commandLine),
            System.out);
    benchmark.run();
    // The referee's resolution before the headline: an upper end below it cannot be asked for.
    System.out.printf(
        Locale.ROOT, "referee_anchor_against_itself_worst=%.4f%n", benchmark.worstSelfRatio());
    System.out.printf(
        Locale.ROOT, "tuner_worst_ratio_to_best=%.4f%n", benchmark.worstThroughputMaximizeRatio());
    return 0;
  }

  /** Every workload, alone or under the background load only. */
  private static List<String> workloadNames() {
    List<String> names = new ArrayList<>(TuneBenchmark.WORKLOADS);
    TuneBenchmark.WORKLOADS.forEach(w -> names.add(w + TuneBenchmark.LOADED));
    return names;
  }
}
