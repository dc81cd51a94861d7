package org.trainer4j.training.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trainer4j.training.triggers.SparseCalls.allMasks;
import static org.trainer4j.training.triggers.SparseCalls.load;
import static org.trainer4j.training.triggers.SparseCalls.save;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.testing.MockUpdater;
import org.trainer4j.training.Trainer;

/**
 * Chainer's {@code test_once_trigger.py}, case by case: the finished flag before and the answer at
 * each of seven questions, with and without {@code callOnResume}.
 */
class OnceTriggerChainerCasesTest {

  /** Shared: these trainers never run, so nothing is written (one directory, not thousands). */
  @TempDir static Path out;

  private static final int STEPS = 7;

  record Case(String name, double iterPerEpoch, boolean callOnResume, int resume) {
    OnceTrigger trigger() {
      return new OnceTrigger(callOnResume);
    }

    /** Chainer's expected answers: the first question, and the first after a reload if asked. */
    boolean[] expected(boolean resumed) {
      boolean[] e = new boolean[STEPS];
      e[0] = true;
      if (resumed && callOnResume) {
        e[resume] = true;
      }
      return e;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("basic", 5, false, 4),
        new Case("call on resume", 5, true, 4),
        new Case("unaligned epoch", 2.5, false, 3),
        new Case("unaligned epoch, call on resume", 2.5, true, 3),
        new Case("tiny epoch", 0.5, false, 4),
        new Case("tiny epoch, call on resume", 0.5, true, 4));
  }

  static Stream<Object[]> sparseCases() {
    return cases().flatMap(c -> allMasks(STEPS).map(m -> new Object[] {c, m}));
  }

  /** The finished flag before a question and the answer to it. */
  record Seen(boolean finishedBefore, boolean answer) {}

  private Trainer trainer(Case c) {
    return MockUpdater.trainer(c.iterPerEpoch(), IntervalTrigger.iterations(1000), out);
  }

  /**
   * Chainer's accumulation: a firing or an unfinished state since the last question is reported.
   */
  private static List<Seen> expectedSeen(boolean[] expected, boolean[] mask) {
    List<Seen> seen = new ArrayList<>();
    boolean fire = false;
    boolean finished = true;
    for (int i = 0; i < mask.length; i++) {
      fire |= expected[i];
      finished &= !expected[i];
      if (mask[i]) {
        seen.add(new Seen(finished, fire));
        fire = false;
        finished = true;
      }
    }
    return seen;
  }

  /** Asks at steps [from, to) where {@code mask} says, updating before or after each question. */
  private static List<Seen> run(
      Trainer trainer, OnceTrigger trigger, boolean[] mask, int from, int to, boolean askFirst) {
    List<Seen> seen = new ArrayList<>();
    for (int i = from; i < to; i++) {
      if (!askFirst) {
        trainer.getUpdater().update();
      }
      if (mask[i]) {
        boolean finished = trigger.isFinished();
        seen.add(new Seen(finished, trigger.test(trainer)));
      }
      if (askFirst) {
        trainer.getUpdater().update();
      }
    }
    return seen;
  }

  private static boolean[] everyStep() {
    boolean[] mask = new boolean[STEPS];
    Arrays.fill(mask, true);
    return mask;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void firesAtTheFirstQuestionOnly(Case c) {
    List<Seen> seen = run(trainer(c), c.trigger(), everyStep(), 0, STEPS, true);

    assertThat(seen).isEqualTo(expectedSeen(c.expected(false), everyStep()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aReloadedTriggerFiresAgainOnlyWithCallOnResume(Case c) {
    Trainer trainer = trainer(c);
    OnceTrigger first = c.trigger();
    List<Seen> seen = run(trainer, first, everyStep(), 0, c.resume(), false);
    OnceTrigger second = load(c.trigger(), save(first));

    seen.addAll(run(trainer, second, everyStep(), c.resume(), STEPS, false));

    assertThat(seen).isEqualTo(expectedSeen(c.expected(true), everyStep()));
  }

  @ParameterizedTest(name = "{0} asked at steps {1}")
  @MethodSource("sparseCases")
  void askedSparselyFiresAtItsFirstQuestion(Case c, SparseCalls.Mask m) {
    List<Seen> seen = run(trainer(c), c.trigger(), m.asks(), 0, STEPS, true);

    assertThat(seen).isEqualTo(expectedSeen(c.expected(false), m.asks()));
  }

  @ParameterizedTest(name = "{0} asked at steps {1}")
  @MethodSource("sparseCases")
  void askedSparselyAcrossAReloadFiresAsChainersDoes(Case c, SparseCalls.Mask m) {
    Trainer trainer = trainer(c);
    OnceTrigger first = c.trigger();
    List<Seen> seen = run(trainer, first, m.asks(), 0, c.resume(), false);
    OnceTrigger second = load(c.trigger(), save(first));

    seen.addAll(run(trainer, second, m.asks(), c.resume(), STEPS, false));

    assertThat(seen).isEqualTo(expectedSeen(c.expected(true), m.asks()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aStateSavedWithoutTheFlagIsTakenAsFired(Case c) {
    Trainer trainer = trainer(c);
    List<Seen> seen = run(trainer, c.trigger(), everyStep(), 0, c.resume(), false);
    OnceTrigger second = load(c.trigger(), new StateTree()); // older states saved nothing

    seen.addAll(run(trainer, second, everyStep(), c.resume(), STEPS, false));

    assertThat(seen).isEqualTo(expectedSeen(c.expected(true), everyStep()));
  }
}
