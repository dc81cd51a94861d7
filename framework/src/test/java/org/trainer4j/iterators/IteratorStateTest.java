package org.trainer4j.iterators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IteratorStateTest {

  @Test
  void advanceIsAPureFunctionOfItsInputs() {
    IteratorState start = IteratorState.initial(new int[] {2, 0, 1});

    IteratorState.Step a = start.advance(2, 3, true, epoch -> new int[] {1, 2, 0});
    IteratorState.Step b = start.advance(2, 3, true, epoch -> new int[] {1, 2, 0});

    assertThat(a).usingRecursiveComparison().isEqualTo(b);
    assertThat(start).isEqualTo(IteratorState.initial(new int[] {2, 0, 1}));
  }

  @Test
  void crossingAnEpochUsesTheNextEpochsOrderAndRecordsThePreviousDetail() {
    IteratorState start = new IteratorState(2, 0, false, new int[] {2, 0, 1}, 0.0);

    IteratorState.Step step = start.advance(2, 3, true, epoch -> new int[] {1, 2, 0});

    assertThat(step.indices()).containsExactly(1, 1);
    assertThat(step.epochs()).containsExactly(0, 1);
    assertThat(step.state().epoch()).isEqualTo(1);
    assertThat(step.state().position()).isEqualTo(1);
    assertThat(step.state().isNewEpoch()).isTrue();
    assertThat(step.state().order()).containsExactly(1, 2, 0);
    assertThat(step.state().previousEpochDetail()).isEqualTo(2.0 / 3);
  }

  @Test
  void theLastCountableEpochServesItsBatchesButRefusesToEndNamingTheEpoch() {
    IteratorState last = new IteratorState(0, Integer.MAX_VALUE, false, null, null);

    IteratorState.Step within = last.advance(2, 3, true, epoch -> null);

    assertThat(within.state().epoch()).isEqualTo(Integer.MAX_VALUE);
    assertThatThrownBy(() -> within.state().advance(2, 3, true, epoch -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("over 3 examples cannot count past epoch 2147483647");
  }

  @Test
  void statesWithEqualOrdersAreEqual() {
    assertThat(new IteratorState(1, 2, true, new int[] {0, 1}, 1.5))
        .isEqualTo(new IteratorState(1, 2, true, new int[] {0, 1}, 1.5))
        .hasSameHashCodeAs(new IteratorState(1, 2, true, new int[] {0, 1}, 1.5));
  }
}
