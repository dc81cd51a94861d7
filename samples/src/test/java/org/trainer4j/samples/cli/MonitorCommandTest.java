package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trainer4j.extensions.monitor.UtilizationStats;
import org.trainer4j.extensions.monitor.nvml.Nvml;

class MonitorCommandTest {

  private static final String NO_LIBRARY = "/nonexistent/libnvidia-ml.so.1";

  /**
   * NVML unavailable as on a machine without a driver, also on one with a GPU: through the system
   * property, which (unlike --nvml-library) falls back to the CPU monitor.
   */
  private String library;

  @BeforeEach
  void noNvml() {
    library = System.setProperty(Nvml.LIBRARY_PROPERTY, NO_LIBRARY);
  }

  @AfterEach
  void restoreNvml() {
    if (library == null) {
      System.clearProperty(Nvml.LIBRARY_PROPERTY);
    } else {
      System.setProperty(Nvml.LIBRARY_PROPERTY, library);
    }
  }

  @Test
  void withoutNvmlItSamplesTheCpuAndSaysWhy() {
    String output =
        runMain("monitor", "--seconds", "0.5", "--interval-ms", "100", "--workload", "none");

    assertThat(output)
        .contains("monitor:  host CPU via OSHI")
        .contains("NVML_ERROR_LIBRARY_NOT_FOUND")
        .contains("/nonexistent/libnvidia-ml.so.1 (no such file)")
        .contains("workload: none")
        .contains("sampling every 100 ms for 0.5 s")
        .containsPattern("utilization %: n=\\d+ mean=")
        .contains("available: yes");
  }

  @Test
  void phasesAreSampledOneLineEachInTheirOrderFromTheStartTime() {
    long startAt = System.currentTimeMillis() + 300;

    String output =
        runMain(
            "monitor",
            "--interval-ms",
            "100",
            "--phases",
            "idle:0.5,busy:0.6",
            "--start-at-ms",
            Long.toString(startAt));

    assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(startAt + 1100);
    assertThat(output)
        .contains("workload: made by another program")
        .contains("sampling every 100 ms in phases [idle:0.5, busy:0.6]")
        .containsPattern("waiting \\d+ ms for the start time")
        .containsPattern(
            "phase idle \\(0.5 s\\): utilization %: n=[4-7] mean=.*; memory mid-phase used .* of .*\\n"
                + "phase busy \\(0.6 s\\): utilization %: n=[5-8] mean=")
        .doesNotContain("sampling every 100 ms for");
  }

  @Test
  void badPhaseSchedulesAreUsageErrorsNamingThePart() {
    assertThat(Main.run("monitor", "--phases", "busy")).isEqualTo(Main.EXIT_USAGE);
    assertThat(Main.run("monitor", "--phases", "busy:0")).isEqualTo(Main.EXIT_USAGE);
    assertThat(Main.run("monitor", "--phases", "idle:1", "--workload", "cpu"))
        .isEqualTo(Main.EXIT_USAGE);
    assertThat(Main.run("monitor", "--start-at-ms", "0")).isEqualTo(Main.EXIT_USAGE);
    assertThat(MonitorPhase.parse("busy:2.5")).isEqualTo(new MonitorPhase("busy", 2.5));
    assertThatThrownBy(() -> MonitorPhase.parse("busy:x"))
        .hasMessageContaining("phase 'busy:x' has no number of seconds");
    assertThatThrownBy(() -> MonitorPhase.parse("a b:1")).hasMessageContaining("'a b'");
  }

  @Test
  void aNamedNvmlLibraryThatCannotBeLoadedIsAUsageErrorNamingItNotAFallBack() {
    // It once fell back to the CPU monitor and exited 0, hiding a mistyped path.
    CommandRun run = CommandRun.of("monitor", "--seconds", "0.5", "--nvml-library", NO_LIBRARY);

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.lines()).isEmpty();
    assertThat(run.errorLines())
        .singleElement()
        .asString()
        .startsWith("error: --nvml-library " + NO_LIBRARY + " cannot be loaded: ")
        .contains(NO_LIBRARY + " (no such file)");
  }

  /** Infinity once sampled until killed, a start in the year 5138 waited as long. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--seconds Infinity | --seconds must be a positive number, got Infinity",
        "--seconds NaN | --seconds must be a positive number, got NaN",
        "--seconds 1e6 | --seconds must be at most 86400, got 1000000.0",
        "--threads 0 | --threads must be at least 1, got 0",
        "--phases idle:1 --start-at-ms 99999999999999 | --start-at-ms must be within a day of now",
        "--phases idle:1e300 | --phases: phase 'idle' must last a positive number of seconds, at"
            + " most 86400",
      })
  void eachNumberOutOfRangeIsAUsageErrorNamingItsOption(String args, String message) {
    CommandRun run = CommandRun.of(("monitor " + args).split(" "));

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.lines()).isEmpty();
    assertThat(run.errorLines()).singleElement().asString().startsWith("error: " + message);
  }

  @Test
  void rejectsIntervalsBelow100Milliseconds() {
    assertThat(Main.run("monitor", "--interval-ms", "50")).isNotZero();
  }

  @Test
  void describesStatsOnOneLine() {
    UtilizationStats stats = UtilizationStats.of(new double[] {0, 100}, false);

    assertThat(MonitorCommand.describe(stats))
        .isEqualTo("n=2 mean=50.0 top50=100.0 stddev=70.7 min=0.0 p50=50.0 p90=90.0 max=100.0");
    assertThat(MonitorCommand.describe(UtilizationStats.empty(true)))
        .isEqualTo("no samples (device lost)");
  }

  private static String runMain(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.run(args)).isZero();
    } finally {
      System.setOut(original);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
