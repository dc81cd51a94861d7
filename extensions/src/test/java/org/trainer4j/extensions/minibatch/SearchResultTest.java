package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchResultTest {

  private static SearchStep step(int loop, int b, double epoch, boolean infeasible) {
    return new SearchStep(
        loop, "loop", b, 5, 0, 1.0, epoch / 1000, epoch, 0.0, Double.NaN, null, infeasible, "");
  }

  @Test
  void aFailedResultKeepsTheInitialSizeAndSaysWhy() {
    SearchResult r = SearchResult.failed("S", 32, List.of(), "no memory", 0.5, 1000);

    assertThat(r.succeeded()).isFalse();
    assertThat(r.chosenBatchSize()).isEqualTo(32);
    assertThat(r.stopReason()).isEqualTo(StopReason.FAILED);
    assertThat(r.detail()).isEqualTo("no memory");
  }

  @Test
  void fastestStepIgnoresInfeasibleLoopsAndChosenStepIsTheLastFeasibleOneOfTheChosenSize() {
    SearchResult r =
        new SearchResult(
            "S",
            32,
            64,
            List.of(step(1, 32, 10, false), step(2, 64, 8, false), step(3, 128, Double.NaN, true)),
            StopReason.CONVERGED,
            "",
            1.0,
            1000);

    assertThat(r.fastestStep()).get().extracting(SearchStep::batchSize).isEqualTo(64);
    assertThat(r.chosenStep()).get().extracting(SearchStep::loop).isEqualTo(2);
    assertThat(r.loops()).isEqualTo(3);
  }

  @Test
  void theTraceIsAnImmutableCopy() {
    List<SearchStep> steps = new ArrayList<>(List.of(step(1, 32, 10, false)));
    SearchResult r = new SearchResult("S", 32, 32, steps, StopReason.MAX_LOOPS, "", 1.0, 1000);
    steps.clear();

    assertThat(r.steps()).hasSize(1);
    assertThatThrownBy(() -> r.steps().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsANonPositiveChosenSizeNamingIt() {
    assertThatThrownBy(
            () -> new SearchResult("S", 32, 0, List.of(), StopReason.FAILED, "", 0, 1000))
        .hasMessageContaining("chosenBatchSize");
  }
}
