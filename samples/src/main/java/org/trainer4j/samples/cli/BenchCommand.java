package org.trainer4j.samples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Groups the benchmarks: each prints its headline as the last line, {@code name=value}. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks that measure ratios side by side in one run.",
    subcommands = {
      BenchOverheadCommand.class,
      BenchDataCommand.class,
      BenchSyncBnCommand.class,
      BenchDistributedCommand.class,
      BenchDistributedWorker.class,
      BenchSoakCommand.class,
      BenchGnsDriftCommand.class
    })
public final class BenchCommand implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
