package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.trainer4j.extensions.monitor.UtilizationStats;

class MonitorCommandTest {

  @Test
  void withoutNvmlItSamplesTheCpuAndSaysWhy() {
    String output =
        runMain(
            "monitor",
            "--seconds",
            "0.5",
            "--interval-ms",
            "100",
            "--workload",
            "none",
            "--nvml-library",
            "/nonexistent/libnvidia-ml.so.1");

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
