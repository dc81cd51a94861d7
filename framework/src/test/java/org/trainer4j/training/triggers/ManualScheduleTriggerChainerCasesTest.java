package org.trainer4j.training.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trainer4j.training.triggers.SparseCalls.accumulated;
import static org.trainer4j.training.triggers.SparseCalls.allMasks;
import static org.trainer4j.training.triggers.SparseCalls.load;
import static org.trainer4j.training.triggers.SparseCalls.save;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.testing.MockUpdater;
import org.trainer4j.training.Trainer;

/**
 * Chainer's {@code test_manual_schedule_trigger.py}, case by case: the answer and the finished flag
 * after each of seven updates. (Chainer's invalid-unit case has no Java counterpart: the unit is an
 * enum.)
 */
class ManualScheduleTriggerChainerCasesTest {

  /** Shared: these trainers never run, so nothing is written (one directory, not thousands). */
  @TempDir static Path out;

  private static final boolean T = true;
  private static final boolean F = false;

  record Case(
      String name,
      double iterPerEpoch,
      Unit unit,
      double[] points,
      int resume,
      boolean[] expected,
      int finishedFrom) {
    ManualScheduleTrigger trigger() {
      return ManualScheduleTrigger.at(unit, points);
    }

    boolean finishedAt(int step) {
      return step >= finishedFrom;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("single iteration", 2, Unit.ITERATION, pts(2), 3, seq(F, T, F, F, F, F, F), 1),
        new Case(
            "multiple iteration", 2, Unit.ITERATION, pts(2, 4), 3, seq(F, T, F, T, F, F, F), 3),
        new Case("single epoch", 3, Unit.EPOCH, pts(1), 3, seq(F, F, T, F, F, F, F), 2),
        new Case("multiple epoch", 3, Unit.EPOCH, pts(1, 2), 4, seq(F, F, T, F, F, T, F), 5),
        new Case(
            "single fractional epoch", 2, Unit.EPOCH, pts(1.5), 4, seq(F, F, T, F, F, F, F), 2),
        new Case(
            "multiple fractional epoch",
            2,
            Unit.EPOCH,
            pts(1.5, 2.5),
            4,
            seq(F, F, T, F, T, F, F),
            4),
        new Case("single unaligned epoch", 2.5, Unit.EPOCH, pts(1), 4, seq(F, F, T, F, F, F, F), 2),
        new Case(
            "multiple unaligned epoch", 2.5, Unit.EPOCH, pts(1, 2), 4, seq(F, F, T, F, T, F, F), 4),
        new Case("single tiny epoch", 0.5, Unit.EPOCH, pts(1), 4, seq(T, F, F, F, F, F, F), 0),
        new Case(
            "multiple tiny epoch", 0.5, Unit.EPOCH, pts(1, 2), 4, seq(T, F, F, F, F, F, F), 0));
  }

  static Stream<Object[]> sparseCases() {
    return cases().flatMap(c -> allMasks(c.expected().length).map(m -> new Object[] {c, m}));
  }

  private static double[] pts(double... points) {
    return points;
  }

  private static boolean[] seq(boolean... values) {
    return values;
  }

  /** What the test saw after one update: the answer (null when not asked) and the flag. */
  record Seen(Boolean answer, boolean finished) {}

  private Trainer trainer(Case c) {
    return MockUpdater.trainer(c.iterPerEpoch(), IntervalTrigger.iterations(1000), out);
  }

  /** Updates steps [from, to), asking where {@code mask} says; what was seen at each ask. */
  private static List<Seen> run(
      Trainer trainer, ManualScheduleTrigger trigger, boolean[] mask, int from, int to) {
    List<Seen> seen = new ArrayList<>();
    for (int i = from; i < to; i++) {
      trainer.getUpdater().update();
      if (mask[i]) {
        seen.add(new Seen(trigger.test(trainer), trigger.isFinished()));
      }
    }
    return seen;
  }

  private static List<Seen> expectedSeen(Case c, boolean[] mask) {
    List<Boolean> answers = accumulated(c.expected(), mask, new boolean[] {false});
    int[] asked = IntStream.range(0, mask.length).filter(i -> mask[i]).toArray();
    List<Seen> seen = new ArrayList<>();
    for (int k = 0; k < asked.length; k++) {
      seen.add(new Seen(answers.get(k), c.finishedAt(asked[k])));
    }
    return seen;
  }

  private static boolean[] everyStep(Case c) {
    boolean[] mask = new boolean[c.expected().length];
    Arrays.fill(mask, true);
    return mask;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void firesAndFinishesAsChainersWhenAskedEveryIteration(Case c) {
    boolean[] mask = everyStep(c);

    List<Seen> seen = run(trainer(c), c.trigger(), mask, 0, mask.length);

    assertThat(seen).isEqualTo(expectedSeen(c, mask));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aReloadedTriggerContinuesAsTheUninterruptedOne(Case c) {
    boolean[] mask = everyStep(c);
    Trainer trainer = trainer(c);
    ManualScheduleTrigger first = c.trigger();
    List<Seen> seen = run(trainer, first, mask, 0, c.resume());
    ManualScheduleTrigger second = load(c.trigger(), save(first));

    seen.addAll(run(trainer, second, mask, c.resume(), mask.length));

    assertThat(seen).isEqualTo(expectedSeen(c, mask));
  }

  @ParameterizedTest(name = "{0} asked at steps {1}")
  @MethodSource("sparseCases")
  void askedSparselyFiresOnceForEveryPointPassedSinceItsLastQuestion(Case c, SparseCalls.Mask m) {
    List<Seen> seen = run(trainer(c), c.trigger(), m.asks(), 0, m.asks().length);

    assertThat(seen).isEqualTo(expectedSeen(c, m.asks()));
  }

  @ParameterizedTest(name = "{0} asked at steps {1}")
  @MethodSource("sparseCases")
  void askedSparselyAcrossAReloadFiresOnceForEveryPointPassed(Case c, SparseCalls.Mask m) {
    Trainer trainer = trainer(c);
    ManualScheduleTrigger first = c.trigger();
    List<Seen> seen = run(trainer, first, m.asks(), 0, c.resume());
    ManualScheduleTrigger second = load(c.trigger(), save(first));

    seen.addAll(run(trainer, second, m.asks(), c.resume(), m.asks().length));

    assertThat(seen).isEqualTo(expectedSeen(c, m.asks()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aStateSavedWithoutPositionOrFlagFallsBackAsChainersDoes(Case c) {
    boolean[] mask = everyStep(c);
    Trainer trainer = trainer(c);
    List<Seen> seen = run(trainer, c.trigger(), mask, 0, c.resume());
    ManualScheduleTrigger second = load(c.trigger(), new StateTree()); // older states saved nothing

    seen.addAll(run(trainer, second, mask, c.resume(), mask.length));

    assertThat(seen).isEqualTo(expectedSeen(c, mask));
  }
}
