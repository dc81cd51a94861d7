package org.trainer4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the documented way to train without a project, against the packaged jar: {@code java -jar
 * target/trainer4j-samples.jar classpath}, then {@code java --class-path <that>
 * scripts/FashionMlp.java <dir>} in a JVM of its own (failsafe: after {@code package}).
 */
class SourceLaunchedScriptIT {

  private static final Path JAR = Path.of("target/trainer4j-samples.jar");
  private static final Path SCRIPT = Path.of("scripts/FashionMlp.java");
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @TempDir Path dir;

  @Test
  void theClasspathCommandPrintsTheJarAndItsLibJars() throws Exception {
    List<String> classPath = List.of(classPath().split(File.pathSeparator));

    assertThat(classPath.get(0)).isEqualTo(JAR.toAbsolutePath().toString());
    assertThat(classPath)
        .allMatch(p -> Files.isRegularFile(Path.of(p)))
        .anyMatch(p -> p.matches(".*/lib/trainer4j-framework-[^/]*\\.jar"))
        .anyMatch(p -> p.matches(".*/lib/trainer4j-extensions-[^/]*\\.jar"))
        .anyMatch(p -> p.matches(".*/lib/nd4j-native-[^/]*-linux-x86_64\\.jar"));
  }

  @Test
  void aScriptRunByTheSourceLauncherTrainsAndWritesItsLog() throws Exception {
    Path out = dir.resolve("out");

    Result run = java(List.of("--class-path", classPath(), SCRIPT.toString(), out.toString()));

    assertThat(run.exitCode()).as(run.output()).isZero();
    JsonNode log = new ObjectMapper().readTree(out.resolve("log").toFile());
    assertThat(log).hasSize(2);
    assertThat(log.get(1).get("validation/main/accuracy").asDouble()).isGreaterThan(0.6);
    assertThat(log.get(1).get("main/loss").asDouble())
        .isLessThan(log.get(0).get("main/loss").asDouble());
    assertThat(out.resolve("accuracy.png")).isRegularFile();
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("snapshot_iter_"));
    }
    assertThat(run.output()).contains("validation/main/accuracy");
  }

  private String classPath() throws Exception {
    Result run = java(List.of("-jar", JAR.toString(), "classpath"));
    assertThat(run.exitCode()).as(run.output()).isZero();
    return run.output().strip();
  }

  private record Result(int exitCode, String output) {}

  private Result java(List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx1g"));
    command.add("-Dorg.deeplearning4j.crash.reporting.enabled=false");
    command.addAll(args);
    Path log = dir.resolve("process-" + System.nanoTime() + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile()).environment().put("OMP_NUM_THREADS", "1");
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
