package org.trainer4j.training.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trainer4j.training.triggers.SparseCalls.accumulated;
import static org.trainer4j.training.triggers.SparseCalls.allMasks;
import static org.trainer4j.training.triggers.SparseCalls.falseThen;
import static org.trainer4j.training.triggers.SparseCalls.load;
import static org.trainer4j.training.triggers.SparseCalls.prefix;
import static org.trainer4j.training.triggers.SparseCalls.save;
import static org.trainer4j.training.triggers.SparseCalls.suffix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.testing.MockUpdater;
import org.trainer4j.training.Trainer;

/**
 * Chainer's {@code test_interval_trigger.py}, case by case: the same parameter table and expected
 * sequences, on Chainer's mock updater. (Chainer's invalid-unit case has no Java counterpart: the
 * unit is an enum.)
 */
class IntervalTriggerChainerCasesTest {

  /** Shared: these trainers never run, so nothing is written (one directory, not thousands). */
  @TempDir static Path out;

  record Case(
      String name, double iterPerEpoch, double period, Unit unit, int resume, boolean[] expected) {
    IntervalTrigger trigger() {
      return IntervalTrigger.of(period, unit);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final boolean T = true;
  private static final boolean F = false;

  static Stream<Case> cases() {
    return Stream.of(
        new Case("iteration", 5, 2, Unit.ITERATION, 4, new boolean[] {F, T, F, T, F, T, F}),
        new Case("basic epoch", 1, 3, Unit.EPOCH, 4, new boolean[] {F, F, T, F, F, T, F}),
        new Case("fractional epoch", 2, 1.5, Unit.EPOCH, 4, new boolean[] {F, F, T, F, F, T, F}),
        new Case("unaligned epoch", 2.5, 1, Unit.EPOCH, 3, new boolean[] {F, F, T, F, T, F, F}),
        new Case("tiny epoch", 0.5, 1, Unit.EPOCH, 4, new boolean[] {T, T, T, T, T, T, T}));
  }

  static Stream<Object[]> sparseCases() {
    return cases().flatMap(c -> allMasks(c.expected().length + 1).map(m -> new Object[] {c, m}));
  }

  static Stream<Object[]> resumedSparseCases() {
    return cases().flatMap(c -> allMasks(c.expected().length).map(m -> new Object[] {c, m}));
  }

  private Trainer trainer(Case c) {
    return MockUpdater.trainer(c.iterPerEpoch(), IntervalTrigger.iterations(1000), out);
  }

  /** Updates, then asks where {@code mask} says; the answers in order. */
  private static List<Boolean> updateThenAsk(Trainer trainer, IntervalTrigger t, boolean[] mask) {
    List<Boolean> answers = new ArrayList<>();
    for (boolean ask : mask) {
      trainer.getUpdater().update();
      if (ask) {
        answers.add(t.test(trainer));
      }
    }
    return answers;
  }

  private static boolean[] all(int n) {
    boolean[] mask = new boolean[n];
    java.util.Arrays.fill(mask, true);
    return mask;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void firesAsChainersWhenAskedEveryIteration(Case c) {
    Trainer trainer = trainer(c);
    IntervalTrigger trigger = c.trigger();
    List<Boolean> answers = new ArrayList<>();

    for (int i = 0; i <= c.expected().length; i++) {
      answers.add(trigger.test(trainer));
      trainer.getUpdater().update();
    }

    assertThat(answers).containsExactly(box(falseThen(c.expected())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aReloadedTriggerContinuesAsTheUninterruptedOne(Case c) {
    Trainer trainer = trainer(c);
    IntervalTrigger first = c.trigger();
    List<Boolean> answers = updateThenAsk(trainer, first, all(c.resume()));
    IntervalTrigger second = load(c.trigger(), save(first));

    answers.addAll(updateThenAsk(trainer, second, all(c.expected().length - c.resume())));

    assertThat(answers).containsExactly(box(c.expected()));
  }

  @ParameterizedTest(name = "{0} asked at steps {1}")
  @MethodSource("sparseCases")
  void askedSparselyReportsEveryBoundarySinceItsLastQuestion(Case c, SparseCalls.Mask m) {
    boolean[] mask = m.asks();
    Trainer trainer = trainer(c);
    IntervalTrigger trigger = c.trigger();
    List<Boolean> answers = new ArrayList<>();

    for (boolean ask : mask) {
      if (ask) {
        answers.add(trigger.test(trainer));
      }
      trainer.getUpdater().update();
    }

    assertThat(answers)
        .isEqualTo(accumulated(falseThen(c.expected()), mask, new boolean[] {false}));
  }

  @ParameterizedTest(name = "{0} asked at steps {1}")
  @MethodSource("resumedSparseCases")
  void askedSparselyAcrossAReloadReportsEveryBoundarySinceItsLastQuestion(
      Case c, SparseCalls.Mask m) {
    boolean[] mask = m.asks();
    Trainer trainer = trainer(c);
    IntervalTrigger first = c.trigger();
    List<Boolean> answers = updateThenAsk(trainer, first, prefix(mask, c.resume()));
    IntervalTrigger second = load(c.trigger(), save(first));

    answers.addAll(updateThenAsk(trainer, second, suffix(mask, c.resume())));

    assertThat(answers).isEqualTo(accumulated(c.expected(), mask, new boolean[] {false}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aStateSavedWithoutThePositionFallsBackToTheUpdatersPreviousOne(Case c) {
    Trainer trainer = trainer(c);
    List<Boolean> answers = updateThenAsk(trainer, c.trigger(), all(c.resume()));
    IntervalTrigger second = load(c.trigger(), new StateTree()); // older states saved nothing

    answers.addAll(updateThenAsk(trainer, second, all(c.expected().length - c.resume())));

    assertThat(answers).containsExactly(box(c.expected()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void printsAsChainersDoes(Case c) {
    String period =
        c.period() == Math.rint(c.period())
            ? String.valueOf((long) c.period())
            : String.valueOf(c.period());
    assertThat(c.trigger())
        .hasToString("IntervalTrigger(" + period + ", '" + c.unit().name().toLowerCase() + "')");
  }

  static Boolean[] box(boolean[] values) {
    Boolean[] boxed = new Boolean[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }
}
