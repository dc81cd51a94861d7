package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class RankConsoleTest {

  private static final Logger LOG = LoggerFactory.getLogger("org.trainer4j.extensions.minibatch");

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void rankZeroPrintsAndLogsEverything() {
    try (RankConsole rank0 = RankConsole.of(0, console)) {
      rank0.out().println("data: x");

      assertThat(LOG.isInfoEnabled()).isTrue();
    }

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("data: x" + System.lineSeparator());
  }

  @Test
  void otherRanksPrintNothingAndLogOnlyWarningsUntilClosed() {
    try (RankConsole rank1 = RankConsole.of(1, console)) {
      rank1.out().println("data: x");

      assertThat(LOG.isInfoEnabled()).isFalse();
      assertThat(LOG.isWarnEnabled()).isTrue();
    }

    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(LOG.isInfoEnabled()).isTrue();
  }
}
