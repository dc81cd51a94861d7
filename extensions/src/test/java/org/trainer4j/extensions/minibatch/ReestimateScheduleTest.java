package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trainer4j.extensions.minibatch.GoodputRuns.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.minibatch.goodput.StepTime;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * Which picks await training's check, on a trainer at iteration 0 of a 2-epoch plan: a pick made
 * {@code 100} iterations "before" it has had its steps.
 */
class ReestimateScheduleTest {

  private static final List<StepTime> KNOWN =
      List.of(new StepTime(32, 0.01), new StepTime(64, 0.015));

  /** {@link #KNOWN} with training's step time at 32. */
  private static final List<StepTime> TRAINED =
      List.of(StepTime.fromTraining(32, 0.01), new StepTime(64, 0.015));

  private static final SearchCoordination ALONE = SearchCoordination.single();

  @TempDir Path out;

  private Trainer trainer() {
    return run(256, IntervalTrigger.epochs(2), out, null, null).trainer();
  }

  @Test
  void aPickOutsideTheKnownSizesOnEitherSideAwaitsItsCheckAPickWithinDoesNot() {
    Trainer trainer = trainer();
    ReestimateSchedule schedule = new ReestimateSchedule(1);

    schedule.chose(128, KNOWN, -100);
    assertThat(schedule.dueToVerify(trainer, true)).as("past the largest").isTrue();
    schedule.chose(16, KNOWN, -100);
    assertThat(schedule.dueToVerify(trainer, true)).as("below the smallest").isTrue();
    schedule.chose(48, TRAINED, -100);
    assertThat(schedule.dueToVerify(trainer, true)).as("between").isFalse();
  }

  @Test
  void aPickBetweenProbesAloneIsHeldToTheirLineOnceAndNeedsNoSearchWhileTrainingAgrees() {
    Trainer trainer = trainer();
    ReestimateSchedule schedule = new ReestimateSchedule(1);

    schedule.chose(48, KNOWN, -100);
    assertThat(schedule.dueToVerify(trainer, true)).as("between probes only").isTrue();
    // The probes' line gives 48 0.0125 s; training's 0.0145 is 16 % off, 0.016 28 %.
    assertThat(schedule.probesHold(withTraining(48, 0.016), 48, ALONE)).isFalse();
    assertThat(schedule.probesHold(withTraining(48, 0.0145), 48, ALONE)).isTrue();
    assertThat(schedule.dueToVerify(trainer, true)).as("held: nothing left to check").isFalse();

    schedule.chose(128, KNOWN, -100);
    assertThat(schedule.probesHold(withTraining(128, 0.025), 128, ALONE))
        .as("an extrapolated pick is always searched again")
        .isFalse();
  }

  private static List<StepTime> withTraining(int size, double seconds) {
    List<StepTime> times = new ArrayList<>(KNOWN);
    times.add(StepTime.fromTraining(size, seconds));
    return times;
  }

  @Test
  void aStepBackBelowEverySizeTrainingTimedAwaitsATrialsStepsWithinThemNot() {
    Trainer trainer = trainer();
    ReestimateSchedule schedule = new ReestimateSchedule(1);
    List<StepTime> trainedAt64 = List.of(new StepTime(32, 0.01), StepTime.fromTraining(64, 0.02));

    schedule.chose(32, trainedAt64, -ReestimateSchedule.VERIFY_STEPS - 1);
    assertThat(schedule.dueToVerify(trainer, true)).as("not before a trial's steps").isFalse();
    schedule.chose(32, trainedAt64, -ReestimateSchedule.TRIAL_STEPS - 1);
    assertThat(schedule.dueToVerify(trainer, true)).as("back below training's 64").isTrue();
    schedule.chose(32, TRAINED, -ReestimateSchedule.TRIAL_STEPS - 1);
    assertThat(schedule.dueToVerify(trainer, true)).as("training timed 32").isFalse();
  }

  @Test
  void aSearchThatKeptTheSizeOrFailedLeavesNothingToCheck() {
    Trainer trainer = trainer();
    ReestimateSchedule schedule = new ReestimateSchedule(1);
    schedule.chose(128, KNOWN, -100);

    schedule.kept();

    // Else a failing check would run again at every step.
    assertThat(schedule.dueToVerify(trainer, true)).isFalse();
  }

  @Test
  void aPickIsCheckedAfterItsStepsOnceTrainingHasAStepTimeAndNeverInOneShotMode() {
    Trainer trainer = trainer();
    ReestimateSchedule schedule = new ReestimateSchedule(1);

    schedule.chose(128, KNOWN, -ReestimateSchedule.VERIFY_STEPS);
    assertThat(schedule.dueToVerify(trainer, true)).as("steps not yet taken").isFalse();
    schedule.chose(128, KNOWN, -100);
    assertThat(schedule.dueToVerify(trainer, false)).as("no step time yet").isFalse();

    ReestimateSchedule oneShot = new ReestimateSchedule(0);
    oneShot.chose(128, KNOWN, -100);
    assertThat(oneShot.dueToVerify(trainer, true)).isFalse();
  }

  @Test
  void nothingIsCheckedOrRetriedWhereTrainingEnds() {
    Trainer trainer = run(256, IntervalTrigger.iterations(40), out, null, null).trainer();
    ReestimateSchedule schedule = new ReestimateSchedule(1);
    schedule.chose(128, KNOWN, -100);
    schedule.noStatistics(-100);
    assertThat(schedule.dueToVerify(trainer, true)).as("under way").isTrue();
    assertThat(schedule.dueToRetry(trainer, true)).as("under way").isTrue();

    trainer.run(); // now at its last iteration: a search there would be spent for nothing

    assertThat(schedule.dueToVerify(trainer, true)).isFalse();
    assertThat(schedule.dueToRetry(trainer, true)).isFalse();
  }
}
