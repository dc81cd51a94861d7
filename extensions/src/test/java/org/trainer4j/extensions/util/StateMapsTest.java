package org.trainer4j.extensions.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;

class StateMapsTest {

  @Test
  void mapsWithSlashedKeysRoundTripInOrder() {
    Map<String, Double> map = new LinkedHashMap<>();
    map.put("main/loss", 0.5);
    map.put("validation/main/accuracy", Double.NaN);
    StateTree state = new StateTree();
    StateMaps.serialize(new StateWriter(state), map);

    Map<String, Double> loaded = StateMaps.serialize(new StateReader(state), new LinkedHashMap<>());

    assertThat(loaded.keySet()).containsExactly("main/loss", "validation/main/accuracy");
    assertThat(loaded.get("validation/main/accuracy")).isNaN();
  }

  @Test
  void listsRoundTripAndAMissingListKeepsTheCurrentOne() {
    List<Map<String, Double>> list = List.of(Map.of("a/b", 1.0), Map.of("c", 2.0));
    StateTree state = new StateTree();
    StateMaps.serializeList(new StateWriter(state), list);

    assertThat(StateMaps.serializeList(new StateReader(state), List.of())).isEqualTo(list);
    assertThat(StateMaps.serializeList(new StateReader(new StateTree()), list)).isSameAs(list);
  }
}
