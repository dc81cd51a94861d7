package org.trainer4j.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a test class's {@code main} as an MPI job: {@code mpirun --allow-run-as-root
 * --oversubscribe --bind-to none -np N -x OMP_NUM_THREADS=1 -x UCX_ERROR_SIGNALS= env java ...},
 * with this test JVM's classpath and a small heap, and waits for it at most {@code limit}.
 */
public final class MpiRun {

  /** What the job did: its exit code (-1 if it was killed at the limit), output and duration. */
  public record Result(int exitCode, String output, Duration elapsed) {}

  private MpiRun() {}

  /** Whether {@code mpirun} is on the PATH. */
  public static boolean available() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "mpirun"))) {
        return true;
      }
    }
    return false;
  }

  public static Result run(int processes, Duration limit, Class<?> main, String... args)
      throws IOException, InterruptedException {
    String classpath = System.getProperty("surefire.test.class.path");
    if (classpath == null || classpath.isEmpty()) {
      classpath = System.getProperty("java.class.path");
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                "mpirun",
                "--allow-run-as-root",
                "--oversubscribe",
                "--bind-to",
                "none",
                "-np",
                Integer.toString(processes),
                "-x",
                "OMP_NUM_THREADS=1",
                "-x",
                "UCX_ERROR_SIGNALS=",
                // Open MPI rewrites a command that starts with "java" for its own Java bindings
                // (it inserts a classpath) and mangles our -cp and -D options; env hides the name.
                "env",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dorg.bytedeco.javacpp.maxbytes=1g",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=2g",
                "-cp",
                classpath,
                main.getName()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile("mpirun", ".log");
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int exit;
    if (process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      exit = process.exitValue();
    } else {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      exit = -1;
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    String output = Files.readString(log);
    Files.deleteIfExists(log);
    return new Result(exit, output, elapsed);
  }
}
