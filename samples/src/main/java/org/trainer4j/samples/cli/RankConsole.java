package org.trainer4j.samples.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.google.common.base.Preconditions;
import java.io.OutputStream;
import java.io.PrintStream;
import org.slf4j.LoggerFactory;

/**
 * What a process of an MPI job prints: rank 0 all of it, the others only warnings and errors. Every
 * process runs the same script, so without this a 4-process job printed each search's line and the
 * data source four times over. Closing it sets the log level back (tests; one process per run).
 */
final class RankConsole implements AutoCloseable {

  private final Logger root;
  private final Level before;
  private final PrintStream out;

  private RankConsole(int rank, PrintStream console) {
    this.root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    this.before = root.getLevel();
    boolean reporting = rank == 0;
    if (!reporting) {
      root.setLevel(Level.WARN);
    }
    this.out = reporting ? console : new PrintStream(OutputStream.nullOutputStream());
  }

  /** The console of the process of {@code rank}, printing to {@code console} on rank 0. */
  static RankConsole of(int rank, PrintStream console) {
    Preconditions.checkArgument(rank >= 0, "rank must not be negative: %s", rank);
    return new RankConsole(rank, Preconditions.checkNotNull(console, "console"));
  }

  /** Where this process's progress lines go: {@code console} on rank 0, nowhere elsewhere. */
  PrintStream out() {
    return out;
  }

  @Override
  public void close() {
    root.setLevel(before);
  }
}
