package org.trainer4j.extensions.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.TinyRun;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;

class PrintReportTest {

  @TempDir Path out;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private static final List<String> KEYS = List.of("epoch", "iteration", "main/loss", "absent/key");

  @Test
  void printsTheHeaderOnceAndOneAlignedLinePerEntry() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(3));
    // Registered before the LogReport: its lower priority still makes it run after it.
    trainer.extend(PrintReport.of(KEYS, "LogReport", stream));
    trainer.extend(new LogReport());

    trainer.run();

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("epoch").contains("main/loss").contains("absent/key");
    assertThat(lines.get(1)).startsWith("1 ").contains(" 4 ");
    assertThat(lines.get(3)).startsWith("3 ").contains(" 12 ");
    int lossColumn = lines.get(0).indexOf("main/loss");
    for (String line : lines.subList(1, 4)) {
      assertThat(line.charAt(lossColumn - 1)).isEqualTo(' ');
      assertThat(line.charAt(lossColumn)).isNotEqualTo(' ');
    }
  }

  @Test
  void aRestoredReportDoesNotPrintOldEntriesAgain() {
    PrintReport report = PrintReport.of(KEYS, "LogReport", stream);
    Trainer first = TinyRun.trainer(out, IntervalTrigger.epochs(2));
    first.extend(new LogReport());
    first.extend(report);
    first.run();
    StateTree state = new StateTree();
    report.serialize(new StateWriter(state));
    PrintReport restored = PrintReport.of(KEYS, "LogReport", stream);
    restored.serialize(new StateReader(state));
    bytes.reset();

    restored.call(first);

    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void formatsLikePythonsGeneralFormat() {
    assertThat(PrintReport.format(12)).isEqualTo("12");
    assertThat(PrintReport.format(0.5)).isEqualTo("0.5");
    assertThat(PrintReport.format(1.234567891)).isEqualTo("1.23457");
    assertThat(PrintReport.format(1e-5)).isEqualTo("1e-05");
    assertThat(PrintReport.format(Double.NaN)).isEqualTo("NaN");
    PrintReport report = PrintReport.of(List.of("a", "long/key/name/here"), "LogReport", stream);
    assertThat(report.line(Map.of("a", 1.0, "long/key/name/here", 2.0)))
        .isEqualTo("1" + " ".repeat(13) + "2");
  }

  @Test
  void aMissingLogReportFailsBeforeTheFirstIteration() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(1));
    trainer.extend(PrintReport.of(KEYS, "LogReport", stream));

    assertThatThrownBy(trainer::run).hasMessageContaining("no extension named 'LogReport'");
    assertThat(trainer.getUpdater().getIteration()).isZero();
  }
}
