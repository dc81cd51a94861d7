package org.trainer4j.samples.cli;

import java.io.PrintStream;

/**
 * Standard output without the "Added differentiated op ..." lines that DL4J 1.0.0-M2.1's SameDiff
 * prints unconditionally (with {@code System.out.println}) for every op when it first builds a
 * layer's gradient function; they would bury the samples' tables. Everything else passes through.
 */
final class SameDiffNoiseFilter extends PrintStream {

  private static final String NOISE = "Added differentiated op ";

  private SameDiffNoiseFilter(PrintStream out) {
    super(out, true);
  }

  /** Replaces {@code System.out} with a filtering stream. */
  static void install() {
    if (!(System.out instanceof SameDiffNoiseFilter)) {
      System.setOut(new SameDiffNoiseFilter(System.out));
    }
  }

  @Override
  public void println(String line) {
    if (line == null || !line.startsWith(NOISE)) {
      super.println(line);
    }
  }
}
