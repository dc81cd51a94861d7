package org.trainer4j.samples.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlotsTest {

  @Test
  void theTargetLineRunsFromZeroToTheLongestCurvesLastPointAfterTheCurves() {
    Map<String, Plots.Series> curves = new LinkedHashMap<>();
    curves.put("short", new Plots.Series(new double[] {100, 400}, new double[] {0.8, 0.9}));
    curves.put("long", new Plots.Series(new double[] {300, 900}, new double[] {0.85, 0.93}));
    curves.put("empty", new Plots.Series(new double[0], new double[0]));

    Map<String, Plots.Series> all = Plots.withTarget(curves, 0.9);

    assertThat(all.keySet()).containsExactly("short", "long", "empty", "target 0.90");
    assertThat(all.get("target 0.90").x()).containsExactly(0, 900);
    assertThat(all.get("target 0.90").y()).containsExactly(0.9, 0.9);
    assertThat(curves).hasSize(3);
  }
}
