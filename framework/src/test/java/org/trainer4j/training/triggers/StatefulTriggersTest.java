package org.trainer4j.training.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;
import org.trainer4j.testing.IteratorOnlyUpdater;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;

class StatefulTriggersTest {

  @TempDir Path out;

  private List<Long> firings(IteratorOnlyUpdater updater, Trigger stop, Trigger trigger) {
    List<Long> fired = new ArrayList<>();
    Trainer trainer = new Trainer(updater, stop, out);
    trainer.extend(Extensions.of("probe", t -> fired.add(t.getUpdater().getIteration())), trigger);
    trainer.run();
    return fired;
  }

  @Test
  void manualScheduleFiresAtEachPointOnce() {
    var updater = IteratorOnlyUpdater.over(10, 4);
    var trigger = ManualScheduleTrigger.at(Unit.EPOCH, 1, 1.5, 2);

    // epoch details: .4 .8 1.2 1.6 2.0 2.4
    assertThat(firings(updater, IntervalTrigger.iterations(6), trigger))
        .containsExactly(3L, 4L, 5L);
    assertThat(trigger.isFinished()).isTrue();
  }

  @Test
  void manualScheduleInIterations() {
    var updater = IteratorOnlyUpdater.over(10, 4);

    assertThat(
            firings(
                updater,
                IntervalTrigger.iterations(6),
                ManualScheduleTrigger.at(Unit.ITERATION, 2, 5)))
        .containsExactly(2L, 5L);
  }

  @Test
  void minValueTriggerFiresWhenTheIntervalAverageImproves() {
    // losses 5,4 | 6,7 | 1,2 over intervals of two iterations
    double[] losses = {5, 4, 6, 7, 1, 2};
    var updater = IteratorOnlyUpdater.over(10, 1).reportingLoss(it -> losses[(int) it - 1]);

    assertThat(
            firings(
                updater,
                IntervalTrigger.iterations(6),
                new MinValueTrigger("main/loss", IntervalTrigger.iterations(2))))
        .containsExactly(2L, 6L);
  }

  @Test
  void maxValueTriggerFiresOnNewMaxima() {
    double[] values = {1, 3, 2, 4};
    var updater = IteratorOnlyUpdater.over(10, 1).reportingLoss(it -> values[(int) it - 1]);

    assertThat(
            firings(
                updater,
                IntervalTrigger.iterations(4),
                new MaxValueTrigger("main/loss", IntervalTrigger.iterations(1))))
        .containsExactly(1L, 2L, 4L);
  }

  @Test
  void bestValueTriggerNamesTheMissingKey() {
    var updater = IteratorOnlyUpdater.over(10, 1);

    assertThatThrownBy(
            () ->
                firings(
                    updater,
                    IntervalTrigger.iterations(3),
                    new MaxValueTrigger("validation/main/accuracy", IntervalTrigger.iterations(1))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("validation/main/accuracy")
        .hasMessageContaining("main/loss");
  }

  @Test
  void bestValueTriggerStateSurvivesSerialization() {
    var updater = IteratorOnlyUpdater.over(10, 1).reportingLoss(it -> 10 - it);
    var trigger = new MinValueTrigger("main/loss", IntervalTrigger.iterations(1));
    firings(updater, IntervalTrigger.iterations(3), trigger);
    StateTree tree = new StateTree();
    trigger.serialize(new StateWriter(tree));

    var restored = new MinValueTrigger("main/loss", IntervalTrigger.iterations(1));
    restored.serialize(new StateReader(tree));

    assertThat(restored.best()).isEqualTo(7.0);
  }

  @Test
  void earlyStoppingStopsAfterPatienceChecksWithoutImprovement() {
    // loss improves for 3 iterations then stays flat
    var updater = IteratorOnlyUpdater.over(100, 1).reportingLoss(it -> Math.max(7, 10 - it));
    Trigger stop =
        EarlyStoppingTrigger.builder()
            .monitor("main/loss")
            .checkTrigger(IntervalTrigger.iterations(1))
            .patience(2)
            .maxTrigger(IntervalTrigger.iterations(50))
            .build();

    new Trainer(updater, stop, out).run();

    // best 7 at iteration 3; no improvement at 4 and 5; stops before iteration 6
    assertThat(updater.getIteration()).isEqualTo(5);
  }

  @Test
  void earlyStoppingHonoursItsMaximumLength() {
    var updater = IteratorOnlyUpdater.over(100, 1).reportingLoss(it -> -it);
    Trigger stop =
        EarlyStoppingTrigger.builder()
            .checkTrigger(IntervalTrigger.iterations(1))
            .maxTrigger(IntervalTrigger.iterations(7))
            .build();

    new Trainer(updater, stop, out).run();

    assertThat(updater.getIteration()).isEqualTo(7);
  }

  @Test
  void earlyStoppingCountersSurviveSerialization() {
    var trigger =
        EarlyStoppingTrigger.builder()
            .checkTrigger(IntervalTrigger.iterations(1))
            .patience(5)
            .build();
    var updater = IteratorOnlyUpdater.over(100, 1).reportingLoss(it -> it);
    new Trainer(updater, IntervalTrigger.iterations(3), out)
        .extend(Extensions.of("watch", trigger::test))
        .run();
    StateTree tree = new StateTree();
    trigger.serialize(new StateWriter(tree));

    var restored = EarlyStoppingTrigger.builder().patience(5).build();
    restored.serialize(new StateReader(tree));

    assertThat(restored.best()).isEqualTo(1.0);
    assertThat(tree.get("bad_checks")).isEqualTo(2L);
  }

  @Test
  void onceTriggerFiresOnlyAtTheFirstIterationAndIsThenFinished() {
    var updater = IteratorOnlyUpdater.over(10, 1);
    var once = new OnceTrigger();

    assertThat(firings(updater, IntervalTrigger.iterations(4), once)).containsExactly(1L);
    assertThat(once.isFinished()).isTrue();
  }

  @Test
  void onceTriggerWithCallOnResumeFiresAgainAfterLoading() {
    var once = new OnceTrigger(true);
    firings(IteratorOnlyUpdater.over(10, 1), IntervalTrigger.iterations(2), once);
    StateTree tree = new StateTree();
    once.serialize(new StateWriter(tree));

    once.serialize(new StateReader(tree));

    assertThat(once.isFinished()).isFalse();
  }

  @Test
  void timeTriggerWaitsForItsPeriodOfTrainingTime() {
    var updater = IteratorOnlyUpdater.over(10, 1);

    assertThat(firings(updater, IntervalTrigger.iterations(3), new TimeTrigger(3600))).isEmpty();
  }
}
