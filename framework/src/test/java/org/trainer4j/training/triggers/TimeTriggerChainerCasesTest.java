package org.trainer4j.training.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Chainer's {@code test_time_trigger.py}: the rule on given elapsed times (Chainer sets a dummy
 * trainer's {@code elapsed_time}; here the rule is asked directly), plus the catch-up after a gap.
 */
class TimeTriggerChainerCasesTest {

  @Test
  void firesOnlyOnceTheElapsedTimeHasPassedEachPeriod() {
    TimeTrigger trigger = new TimeTrigger(1);

    assertThat(trigger.fires(0)).isFalse();
    assertThat(trigger.fires(0.9)).isFalse();
    assertThat(trigger.fires(1.2)).isTrue(); // the first event is due at 1.0
    assertThat(trigger.fires(1.3)).isFalse();
    assertThat(trigger.fires(2.1)).isTrue(); // the second at 2.0
  }

  @Test
  void theNextDueTimeSurvivesSerialization() {
    TimeTrigger trigger = new TimeTrigger(1);
    trigger.fires(1.2);

    TimeTrigger restored = SparseCalls.load(new TimeTrigger(1), SparseCalls.save(trigger));

    assertThat(SparseCalls.save(trigger).get("next_time")).isEqualTo(2.0);
    assertThat(restored.fires(1.9)).isFalse();
    assertThat(restored.fires(2.1)).isTrue();
  }

  @Test
  void doesNotFireExactlyAtTheDueTime() {
    TimeTrigger trigger = new TimeTrigger(1);

    assertThat(trigger.fires(1.0)).isFalse();
    assertThat(trigger.fires(1.0001)).isTrue();
  }

  @Test
  void afterALongGapFiresOncePerLaterQuestionUntilItHasCaughtUp() {
    TimeTrigger trigger = new TimeTrigger(1);

    assertThat(trigger.fires(3.5)).isTrue(); // due 1.0, then 2.0
    assertThat(trigger.fires(3.6)).isTrue(); // due 2.0, then 3.0
    assertThat(trigger.fires(3.7)).isTrue(); // due 3.0, then 4.0
    assertThat(trigger.fires(3.8)).isFalse();
  }
}
