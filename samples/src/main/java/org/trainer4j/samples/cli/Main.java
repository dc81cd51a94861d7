package org.trainer4j.samples.cli;

import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * Entry point of {@code trainer4j-samples.jar}: one subcommand per sample or benchmark. An error
 * prints one line on standard error, {@code error: <message>}, where the message names the file or
 * parameter at fault, and exits with 1, or with 2 for a usage error (an unknown option, a bad
 * value); {@code --stacktrace} adds the full stack trace.
 */
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
      ClasspathCommand.class,
      TimeToAccuracyCommand.class,
      CompareRunsCommand.class
    })
public final class Main implements Runnable {

  /** The exit code of an error in a command's work (a bad file, a failed write). */
  public static final int EXIT_ERROR = 1;

  /** The exit code of a usage error (an unknown option, a value out of range). */
  public static final int EXIT_USAGE = 2;

  @Option(
      names = "--stacktrace",
      scope = ScopeType.INHERIT,
      description = "On an error, print the full stack trace after the one-line message.")
  boolean stacktrace;

  public static void main(String[] args) {
    SameDiffNoiseFilter.install();
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests). */
  public static int run(String... args) {
    return run(new Main(), args);
  }

  /**
   * Runs {@code command} alone with this entry point's error handling; only that command's classes
   * are loaded, not every subcommand's (and so not DL4J unless the command needs it).
   */
  static int run(Object command, String... args) {
    // A usage error can come before --stacktrace is parsed, so the raw arguments decide too.
    boolean trace = Arrays.asList(args).contains("--stacktrace");
    CommandLine cli = new CommandLine(command);
    // Enum options accept any case, as the converted ones (--lr-scaling, --noise-geometry) always
    // did: --tune goodput was refused while --lr-scaling SQRT was accepted.
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (Exception e, CommandLine failed, ParseResult parsed) -> {
          report(failed, oneLine(e), e, trace);
          return EXIT_ERROR;
        });
    cli.setParameterExceptionHandler(
        (ParameterException e, String[] ignored) -> {
          CommandLine failed = e.getCommandLine();
          report(
              failed,
              oneLine(e) + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')",
              e,
              trace);
          return EXIT_USAGE;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  private static void report(CommandLine cli, String message, Exception e, boolean trace) {
    cli.getErr().println("error: " + message);
    if (trace) {
      e.printStackTrace(cli.getErr());
    }
    cli.getErr().flush();
  }

  /**
   * The message of {@code e}, or of the first cause that has one (wrappers such as {@code
   * UncheckedIOException(cause)} carry only the cause's class), on one line.
   */
  static String oneLine(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.isBlank() && !message.equals(String.valueOf(t.getCause()))) {
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
      }
    }
    return e.toString();
  }
}
