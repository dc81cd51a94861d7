package org.trainer4j.training.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.testing.IteratorOnlyUpdater;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;

class IntervalTriggerTest {

  @TempDir Path out;

  /** Runs a trainer and returns the iterations at which {@code trigger} fired. */
  private List<Long> firings(IteratorOnlyUpdater updater, Trigger stop, Trigger trigger) {
    List<Long> fired = new ArrayList<>();
    Trainer trainer = new Trainer(updater, stop, out);
    trainer.extend(Extensions.of("probe", t -> fired.add(t.getUpdater().getIteration())), trigger);
    trainer.run();
    return fired;
  }

  @Test
  void firesEveryNIterations() {
    var updater = IteratorOnlyUpdater.over(10, 3);

    assertThat(firings(updater, IntervalTrigger.iterations(10), IntervalTrigger.iterations(4)))
        .containsExactly(4L, 8L);
  }

  @Test
  void firesAtTheIterationThatCrossesAnEpochBoundary() {
    // 10 examples, batch 4: epoch details 0.4, 0.8, 1.2, 1.6, 2.0, 2.4 ...
    var updater = IteratorOnlyUpdater.over(10, 4);

    assertThat(firings(updater, IntervalTrigger.epochs(3), IntervalTrigger.epochs(1)))
        .containsExactly(3L, 5L, 8L);
  }

  @Test
  void fractionalEpochPeriodsFireAtEachHalfEpoch() {
    var updater = IteratorOnlyUpdater.over(10, 5);

    assertThat(firings(updater, IntervalTrigger.epochs(2), IntervalTrigger.epochs(0.5)))
        .containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void aTenthOfAnEpochFiresAtEveryTenthThoughTenthsAreInexactInDoubles() {
    // 10 examples, batch 1: epoch details 0.1, 0.2, ... where 0.3 / 0.1 < 3 in doubles.
    var updater = IteratorOnlyUpdater.over(10, 1);

    assertThat(firings(updater, IntervalTrigger.epochs(1), IntervalTrigger.epochs(0.1)))
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(
            firings(
                IteratorOnlyUpdater.over(10, 1),
                IntervalTrigger.epochs(1),
                IntervalTrigger.epochs(0.2)))
        .containsExactly(2L, 4L, 6L, 8L, 10L);
  }

  @Test
  void aManualScheduleRefusesPointsItCouldNeverReach() {
    assertThatThrownBy(() -> ManualScheduleTrigger.at(Unit.EPOCH, 1, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("points must be finite: [1.0, NaN]");
    assertThatThrownBy(() -> ManualScheduleTrigger.at(Unit.ITERATION, 2.5))
        .hasMessageContaining("points in iterations must be whole numbers: [2.5]");
  }

  @Test
  void refusesAFractionalPeriodInIterations() {
    assertThatThrownBy(() -> IntervalTrigger.of(1.5, Unit.ITERATION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a period in iterations must be a whole number: 1.5");
  }

  @Test
  void firesAtEpochBoundaryEvenWhenBatchSizeChanges() {
    var updater = IteratorOnlyUpdater.over(10, 4);
    List<Long> fired = new ArrayList<>();
    Trainer trainer = new Trainer(updater, IntervalTrigger.epochs(2), out);
    // After iteration 1 (epoch detail 0.4) the batch size becomes 7: 1.1 at iteration 2, then
    // 1.8, 2.5. The epoch trigger must fire at 2 and 4 only.
    trainer.extend(
        Extensions.of(
            "resize",
            t -> {
              if (t.getUpdater().getIteration() == 1) {
                t.getUpdater().getIterator().setBatchSize(7);
              }
            }));
    trainer.extend(
        Extensions.of("probe", t -> fired.add(t.getUpdater().getIteration())),
        IntervalTrigger.epochs(1));

    trainer.run();

    assertThat(fired).containsExactly(2L, 4L);
    assertThat(updater.getIteration()).isEqualTo(4);
  }

  @Test
  void stopTriggerEndsTrainingAtTheFirstBoundaryCrossing() {
    var updater = IteratorOnlyUpdater.over(10, 3);

    new Trainer(updater, IntervalTrigger.epochs(1), out).run();

    assertThat(updater.getIteration()).isEqualTo(4);
    assertThat(updater.getIterator().getEpochDetail()).isEqualTo(1.2);
  }

  @Test
  void answersTheSameWhenAskedTwiceInOneIteration() {
    var updater = IteratorOnlyUpdater.over(10, 5);
    IntervalTrigger trigger = IntervalTrigger.epochs(1);
    List<Boolean> answers = new ArrayList<>();
    Trainer trainer = new Trainer(updater, IntervalTrigger.iterations(2), out);
    trainer.extend(
        Extensions.of(
            "ask twice",
            t -> {
              answers.add(trigger.test(t));
              answers.add(trigger.test(t));
            }));

    trainer.run();

    assertThat(answers).containsExactly(false, false, true, true);
  }
}
