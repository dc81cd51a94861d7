package org.trainer4j.samples.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs a samples command line in-process and captures what it prints. */
record CommandRun(int exitCode, List<String> lines) {

  /** The bundled Fashion-MNIST subset as a directory, so tests never read an installed dataset. */
  static final Path BUNDLED =
      Path.of("src/main/resources/org/trainer4j/samples/data/fashion-mnist-subset");

  static CommandRun of(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run(args);
    } finally {
      System.setOut(original);
    }
    return new CommandRun(code, captured.toString(StandardCharsets.UTF_8).lines().toList());
  }

  String output() {
    return String.join("\n", lines);
  }
}
