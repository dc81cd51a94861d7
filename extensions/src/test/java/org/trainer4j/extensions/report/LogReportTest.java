package org.trainer4j.extensions.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.TinyRun;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;
import org.trainer4j.testing.IteratorOnlyUpdater;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;

class LogReportTest {

  @TempDir Path out;

  @Test
  void writesOneEntryPerEpochWithAveragedKeysAndCounters() throws IOException {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(3));
    List<Double> losses = new ArrayList<>();
    trainer.extend(Extensions.of("losses", t -> losses.add(t.getObservation().get("main/loss"))));
    LogReport log = new LogReport();
    trainer.extend(log);

    trainer.run();

    List<Map<String, Double>> entries = log.getLog();
    assertThat(entries).hasSize(3);
    assertThat(entries.get(0))
        .containsKeys(
            "main/loss", "main/accuracy", "main/data_wait", "epoch", "iteration", "elapsed_time");
    assertThat(entries).extracting(e -> e.get("iteration")).containsExactly(4.0, 8.0, 12.0);
    assertThat(entries).extracting(e -> e.get("epoch")).containsExactly(1.0, 2.0, 3.0);
    double secondEpochMean =
        losses.subList(4, 8).stream().mapToDouble(d -> d).average().orElseThrow();
    assertThat(entries.get(1).get("main/loss"))
        .isCloseTo(secondEpochMean, org.assertj.core.data.Offset.offset(1e-12));
    JsonNode json = new ObjectMapper().readTree(out.resolve("log").toFile());
    assertThat(json.size()).isEqualTo(3);
    assertThat(json.get(2).get("iteration").isIntegralNumber()).isTrue();
    assertThat(json.get(2).get("iteration").asLong()).isEqualTo(12);
    assertThat(json.get(2).get("main/loss").asDouble()).isEqualTo(entries.get(2).get("main/loss"));
  }

  @Test
  void logsOnlyTheChosenKeysOnItsOwnTrigger() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.iterations(6));
    LogReport log =
        LogReport.builder()
            .keys("main/loss")
            .trigger(IntervalTrigger.iterations(2))
            .filename("log.json")
            .build();
    trainer.extend(log);

    trainer.run();

    assertThat(log.getLog()).hasSize(3);
    assertThat(log.getLog().get(0).keySet())
        .containsExactly("main/loss", "epoch", "iteration", "elapsed_time");
    assertThat(out.resolve("log.json")).exists();
  }

  @Test
  void aRestoredLogContinuesWithoutRepeatingAnEntry() {
    Trainer first = TinyRun.trainer(out, IntervalTrigger.iterations(6));
    LogReport log = new LogReport();
    first.extend(log);
    first.run();
    StateTree state = new StateTree();
    log.serialize(new StateWriter(state));

    LogReport restored = new LogReport();
    restored.serialize(new StateReader(state));

    assertThat(restored.getLog()).isEqualTo(log.getLog());
    assertThat(restored.toJson()).isEqualTo(log.toJson());
  }

  @Test
  void aLogPathThatIsADirectoryFailsBeforeTheFirstIteration() throws IOException {
    Files.createDirectory(out.resolve("log"));
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(1));
    trainer.extend(new LogReport());

    assertThatThrownBy(trainer::run)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("log file")
        .hasMessageContaining("is a directory");
    assertThat(trainer.getUpdater().getIteration()).isZero();
  }

  @Test
  void runEveryFewIterationsItWritesAnEntryAtItsFirstCallAfterEachEpochAsChainers() {
    // 3 iterations an epoch, loss = iteration; the report runs at 2, 4 and 6 and asks its epoch
    // trigger there: epoch 1 ends between 2 and 4, epoch 2 at 6.
    Trainer trainer =
        new Trainer(IteratorOnlyUpdater.over(3, 1), IntervalTrigger.iterations(6), out);
    LogReport log = LogReport.builder().filename(null).build();
    trainer.extend(log, IntervalTrigger.iterations(2));

    trainer.run();

    assertThat(log.getLog()).extracting(e -> e.get("iteration")).containsExactly(4.0, 6.0);
    assertThat(log.getLog()).extracting(e -> e.get("main/loss")).containsExactly(3.0, 6.0);
  }

  @Test
  void readGivesBackTheEntriesTheRunWrote() throws IOException {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(2));
    LogReport log = new LogReport();
    trainer.extend(log);
    trainer.run();

    assertThat(LogReport.read(out.resolve("log"))).isEqualTo(log.getLog());
  }

  @Test
  void readTakesTheNonFiniteValuesAsTheyWereWritten() throws IOException {
    Path file = out.resolve("log");
    Files.writeString(file, "[{\"epoch\": 1, \"a\": \"NaN\", \"b\": \"-Infinity\", \"c\": 0.5}]");

    assertThat(LogReport.read(file))
        .containsExactly(
            Map.of("epoch", 1.0, "a", Double.NaN, "b", Double.NEGATIVE_INFINITY, "c", 0.5));
  }

  @Test
  void readNamesTheFileEntryAndKeyOfAValueThatIsNoNumber() throws IOException {
    Path file = out.resolve("log");
    Files.writeString(file, "[{\"epoch\": 1}, {\"epoch\": 2, \"main/loss\": \"low\"}]");

    assertThatThrownBy(() -> LogReport.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + ": entry 1, key main/loss: \"low\" is not a number");
  }

  @Test
  void readRefusesAFileThatIsNoListOfEntries() throws IOException {
    Path file = out.resolve("log");
    Files.writeString(file, "{\"epoch\": 1}");

    assertThatThrownBy(() -> LogReport.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file + " is not a log");
  }
}
