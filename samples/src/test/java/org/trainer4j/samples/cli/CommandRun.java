package org.trainer4j.samples.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs a samples command line in-process and captures what it prints on each stream. */
record CommandRun(int exitCode, List<String> lines, List<String> errorLines) {

  /** The bundled Fashion-MNIST subset as a directory, so tests never read an installed dataset. */
  static final Path BUNDLED =
      Path.of("src/main/resources/org/trainer4j/samples/data/fashion-mnist-subset");

  static CommandRun of(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
    ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
    System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new CommandRun(
        code,
        capturedOut.toString(StandardCharsets.UTF_8).lines().toList(),
        capturedErr.toString(StandardCharsets.UTF_8).lines().toList());
  }

  String output() {
    return String.join("\n", lines);
  }
}
