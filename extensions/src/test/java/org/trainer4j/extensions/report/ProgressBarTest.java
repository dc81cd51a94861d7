package org.trainer4j.extensions.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trainer4j.extensions.TinyRun;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.triggers.MinValueTrigger;

class ProgressBarTest {

  @TempDir Path out;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void withoutATerminalPrintsPlainLinesAtTheInterval() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(3));
    trainer.extend(ProgressBar.builder().out(stream).terminal(false).updateInterval(4).build());

    trainer.run();

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("iteration 4/12 (33.3%)  epoch 1 (0.0% of epoch)");
    assertThat(lines.get(2)).startsWith("iteration 12/12 (100.0%)  epoch 3");
    assertThat(lines)
        .allSatisfy(l -> assertThat(l).matches(".* [0-9.]+ it/s  ETA \\d+:\\d\\d:\\d\\d"));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("\r");
  }

  @Test
  void printsAFinalLineWhenTheRunEndsBetweenIntervals() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.iterations(6));
    trainer.extend(ProgressBar.builder().out(stream).terminal(false).updateInterval(4).build());

    trainer.run();

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).startsWith("iteration 6/6 (100.0%)  epoch 1 (50.0% of epoch)");
  }

  @Test
  void estimatesTheLengthFromTheCurrentBatchSize() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(2));
    ProgressBar bar = ProgressBar.builder().out(stream).terminal(false).build();
    ProgressBar.Progress[] seen = new ProgressBar.Progress[1];
    trainer.extend(
        Extensions.of(
            "halve",
            t -> {
              if (t.getUpdater().getIteration() == 2) {
                t.getUpdater().getIterator().setBatchSize(8);
                seen[0] = bar.progress(t);
              }
            }));
    trainer.run();

    // 32 of 128 examples served; 96 left at 8 per batch: 2 + 12 iterations.
    assertThat(seen[0].totalIterations()).isEqualTo(14);
    assertThat(seen[0].fraction()).isEqualTo(0.25);
  }

  @Test
  void withAStopTriggerOfUnknownLengthShowsCountsOnly() {
    Trainer trainer = TinyRun.trainer(out, new MinValueTrigger("main/loss"));
    ProgressBar bar = ProgressBar.builder().out(stream).terminal(false).build();

    ProgressBar.Progress p = bar.progress(trainer);

    assertThat(p.totalIterations()).isNull();
    assertThat(p.eta()).isNull();
    assertThat(p.line()).startsWith("iteration 0  epoch 0");
  }

  static Stream<Trigger> runsUntilStopped() {
    return Stream.of(
        IntervalTrigger.iterations(Long.MAX_VALUE),
        IntervalTrigger.epochs(1e18),
        IntervalTrigger.epochs(Double.MAX_VALUE));
  }

  @ParameterizedTest
  @MethodSource("runsUntilStopped")
  void aRunTooLongToCountShowsCountsAndSpeedOnlyNeverANegativeNumber(Trigger stop) {
    Trainer trainer = TinyRun.trainer(out, stop);
    trainer.extend(ProgressBar.builder().out(stream).terminal(false).updateInterval(1).build());
    trainer.extend(stopAtIteration(3));

    trainer.run();

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines)
        .allSatisfy(
            l ->
                assertThat(l)
                    .matches("iteration \\d  epoch 0 \\([0-9.]+% of epoch\\)  [0-9.]+ it/s"));
  }

  @Test
  void leavesOutAnEtaBeyondACentury() {
    // 2.5e14 epochs of 4 iterations: 10^15 iterations, still counted, but centuries away.
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(2.5e14));
    trainer.extend(ProgressBar.builder().out(stream).terminal(false).updateInterval(1).build());
    trainer.extend(stopAtIteration(2));

    trainer.run();

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(1))
        .startsWith("iteration 2/1000000000000000 (0.0%)  epoch 0")
        .doesNotContain("ETA");
  }

  private static Extension stopAtIteration(long iteration) {
    return Extensions.of(
        "stop",
        t -> {
          if (t.getUpdater().getIteration() == iteration) {
            t.requestStop("test over");
          }
        });
  }

  @Test
  void onATerminalDrawsALiveBar() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(2));
    trainer.extend(ProgressBar.builder().out(stream).terminal(true).build());

    trainer.run();

    String drawn = bytes.toString(StandardCharsets.UTF_8);
    assertThat(drawn).contains("training").contains("100%").contains("8/8").contains("epoch 2");
  }

  @Test
  void formatsDurationsAsHoursMinutesSeconds() {
    assertThat(ProgressBar.formatDuration(Duration.ofSeconds(3725))).isEqualTo("1:02:05");
  }
}
