package org.trainer4j.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a main class from this test class path, with small memory caps (tests run
 * next to each other), for what only another process can show: OS file locks, signals, kill -9.
 */
public final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final BufferedReader out;

  private ChildJvm(Process process) {
    this.process = process;
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * The command line that runs {@code mainClass} with {@code args} in a capped child JVM, with
   * {@code jvmOptions} after the caps (a later option overrides an earlier).
   */
  public static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-Dorg.bytedeco.javacpp.maxbytes=1g");
    command.add("-Dorg.bytedeco.javacpp.maxphysicalbytes=2g");
    command.add("-Dorg.deeplearning4j.crash.reporting.enabled=false");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /** Starts {@code mainClass}; its standard error goes to this JVM's, its output is read here. */
  public static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
    return start(List.of(), mainClass, args);
  }

  /** Starts {@code mainClass} in a child JVM with {@code jvmOptions} added. */
  public static ChildJvm start(List<String> jvmOptions, Class<?> mainClass, String... args)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command(jvmOptions, mainClass.getName(), List.of(args)));
    builder.environment().put("OMP_NUM_THREADS", "1");
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    return new ChildJvm(builder.start());
  }

  public Process process() {
    return process;
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Reads output lines until one starts with {@code prefix} and returns it.
   *
   * @throws IOException if the child's output ends first
   */
  public String awaitLine(String prefix) throws IOException {
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    throw new IOException(
        "the child ended (exit "
            + exitCode(Duration.ofSeconds(10))
            + ") before printing "
            + prefix);
  }

  /** Waits at most {@code patience} for the child to end and returns its exit code. */
  public int exitCode(Duration patience) throws IOException {
    try {
      if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException("the child did not end within " + patience);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the child", e);
    }
  }

  /** Kills the child if it still runs (SIGKILL) and waits for it. */
  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    exitCode(Duration.ofSeconds(30));
    out.close();
  }
}
