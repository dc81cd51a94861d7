package org.trainer4j.samples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code trainer4j-samples.jar}: one subcommand per sample or benchmark. */
@Command(
    name = "trainer4j-samples",
    mixinStandardHelpOptions = true,
    version = "trainer4j samples 0.1.0",
    description = "trainer4j samples: training jobs, seed-paper experiments and benchmarks.",
    subcommands = {
      TrainCommand.class,
      BenchCommand.class,
      MonitorCommand.class,
      BnDepthCommand.class,
      BnPaperCommand.class,
      MultiDeviceBnCommand.class,
      ProxyNormCommand.class,
      TuneCommand.class,
      TimeToAccuracyCommand.class
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    SameDiffNoiseFilter.install();
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests). */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
