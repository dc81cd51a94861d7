package org.trainer4j.training.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.testing.MockUpdater;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;

/**
 * Chainer's {@code test_minmax_trigger.py}, row by row: a trainer whose extension reports one
 * accuracy per iteration, and the iterations at which an extension on a {@link MaxValueTrigger} or
 * {@link MinValueTrigger} runs, straight through and across a save and reload of the trainer.
 */
class BestValueTriggerChainerCasesTest {

  @TempDir Path out;

  private static final String KEY = "main/accuracy";
  private static final double[] SHORT = {0.5, 0.5, 0.4, 0.6};
  private static final double[] LONG = {0.5, 0.5, 0.5, 0.5, 0.4, 0.4, 0.6, 0.6};

  record Case(
      String name,
      BiFunction<String, Trigger, BestValueTrigger> kind,
      double iterPerEpoch,
      Trigger interval,
      double[] accuracies,
      List<Long> expected,
      int resume,
      List<Long> beforeResume,
      List<Long> afterResume) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Stream<Case> rows(
      String kind, BiFunction<String, Trigger, BestValueTrigger> make, long shortLast, long last) {
    return Stream.of(
        new Case(
            kind + ", every iteration",
            make,
            1,
            IntervalTrigger.iterations(1),
            SHORT,
            List.of(1L, shortLast),
            1,
            List.of(1L),
            List.of(shortLast)),
        new Case(
            kind + ", every 2 iterations",
            make,
            1,
            IntervalTrigger.iterations(2),
            LONG,
            List.of(2L, last),
            2,
            List.of(2L),
            List.of(last)),
        new Case(
            kind + ", every 2 iterations, unaligned resume",
            make,
            1,
            IntervalTrigger.iterations(2),
            LONG,
            List.of(2L, last),
            3,
            List.of(2L),
            List.of(last)),
        new Case(
            kind + ", every epoch of 2 iterations",
            make,
            2,
            IntervalTrigger.epochs(1),
            LONG,
            List.of(2L, last),
            2,
            List.of(2L),
            List.of(last)),
        new Case(
            kind + ", every epoch of 2 iterations, unaligned resume",
            make,
            2,
            IntervalTrigger.epochs(1),
            LONG,
            List.of(2L, last),
            3,
            List.of(2L),
            List.of(last)));
  }

  static Stream<Case> cases() {
    return Stream.concat(
        rows("max", MaxValueTrigger::new, 4, 8), rows("min", MinValueTrigger::new, 3, 6));
  }

  /** Fresh interval trigger of the same kind, for the second trainer. */
  private static Trigger copy(Trigger interval) {
    IntervalTrigger t = (IntervalTrigger) interval;
    return IntervalTrigger.of(t.period(), t.unit());
  }

  /** Chainer's {@code _test_trigger}: runs {@code accuracies.length} iterations. */
  private Trainer run(
      Case c, double[] accuracies, BestValueTrigger trigger, StateTree resume, List<Long> fired) {
    Trainer trainer =
        MockUpdater.trainer(c.iterPerEpoch(), IntervalTrigger.iterations(accuracies.length), out);
    trainer.extend(
        Extensions.of(
            "set_observation",
            t -> t.getReporter().report(KEY, accuracies[(int) t.getUpdater().getIteration() - 1])),
        "set_observation",
        IntervalTrigger.iterations(1),
        2);
    trainer.extend(
        Extensions.of("record", t -> fired.add(t.getUpdater().getIteration())),
        "record",
        trigger,
        1);
    if (resume != null) {
      trainer.loadState(resume);
    }
    trainer.run();
    return trainer;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void firesAtEachNewBestIntervalAverage(Case c) {
    List<Long> fired = new ArrayList<>();

    run(c, c.accuracies(), c.kind().apply(KEY, c.interval()), null, fired);

    assertThat(fired).isEqualTo(c.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aResumedTrainerContinuesTheBestValueAndTheInterval(Case c) {
    List<Long> before = new ArrayList<>();
    double[] head = java.util.Arrays.copyOf(c.accuracies(), c.resume());
    StateTree saved = run(c, head, c.kind().apply(KEY, c.interval()), null, before).saveState();
    List<Long> after = new ArrayList<>();

    run(c, c.accuracies(), c.kind().apply(KEY, copy(c.interval())), saved, after);

    assertThat(before).isEqualTo(c.beforeResume());
    assertThat(after).isEqualTo(c.afterResume());
  }
}
