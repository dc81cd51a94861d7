package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * When the size one growth step above the start runs out of memory, the start is the only timed
 * size: a line through it and its neighbour one example away cannot tell a fixed cost per step from
 * noise, so the search bisects towards the failure instead, as it does above any timed size.
 */
class GoodputFirstFailureTest {

  @Test
  void aFailureOneGrowthStepAboveTheStartIsBisectedNotFollowedByTheStartsNeighbour() {
    SimulatedTraining sim = new SimulatedTraining(GoodputMaximizeTest.STEP).oomAbove(50);
    SearchResult r =
        GoodputMaximize.create()
            .withNoiseSource(new SimulatedNoise(1, 500, 0, 1))
            .apply(
                sim.context(32, GoodputMaximizeTest.DATASET)
                    .maxBatchSize(GoodputMaximizeTest.MAX)
                    .build());

    assertThat(r.steps()).anyMatch(s -> s.batchSize() == 64 && s.infeasible());
    assertThat(r.steps()).noneMatch(s -> s.batchSize() == 33);
    assertThat(r.steps()).anyMatch(s -> s.batchSize() == 48);
    // The optimum near 316 lies above the failure: the largest size that runs is as close as the
    // resolution allows.
    assertThat(r.succeeded()).isTrue();
    assertThat(r.chosenBatchSize()).isBetween(45, 50);
  }
}
