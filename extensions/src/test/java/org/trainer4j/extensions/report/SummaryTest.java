package org.trainer4j.extensions.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;

class SummaryTest {

  @Test
  void averagesEachKeyOverTheIterationsThatObservedIt() {
    Summary summary = new Summary();
    summary.add(Map.of("a", 1.0, "b", 10.0));
    summary.add(Map.of("a", 3.0));

    assertThat(summary.means()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2.0, "b", 10.0));
  }

  @Test
  void keepsOnlyChosenKeysWhenGivenAList() {
    Summary summary = new Summary();
    summary.add(Map.of("a", 1.0, "b", 10.0), List.of("b", "c"));

    assertThat(summary.means()).containsOnlyKeys("b");
  }

  @Test
  void anInterruptedIntervalContinuesAfterSerialization() {
    Summary summary = new Summary();
    summary.add("main/loss", 1.0);
    StateTree state = new StateTree();
    summary.serialize(new StateWriter(state));

    Summary restored = new Summary();
    restored.serialize(new StateReader(state));
    restored.add("main/loss", 2.0);

    assertThat(restored.means()).containsEntry("main/loss", 1.5);
  }
}
