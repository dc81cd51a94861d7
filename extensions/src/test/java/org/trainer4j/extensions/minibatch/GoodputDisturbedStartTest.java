package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.trainer4j.extensions.minibatch.goodput.NoiseSource;

/**
 * A goodput search whose first sizes were timed while the process stalled: in a JVM that had
 * trained ten models, a new model copy's steps ran 10-15 times slower for about two seconds, over
 * 32 and sometimes 64 too, and the search, its budget spent on the stall, kept 32 (or took a line
 * through the stalled sizes that fell with the size). A larger size that runs faster exposes the
 * stall: every smaller size slower than it is timed again (or its windows dropped when the budget
 * has no room), and what the budget paid for the stalled measurements is given back ({@link
 * DisturbedTimings}).
 */
class GoodputDisturbedStartTest {

  /** A search from 32 over {@code sim} with the default budget of a training of {@code epochs}. */
  private static SearchResult search(SimulatedTraining sim, int epochs) {
    SimulatedNoise noise = new SimulatedNoise(1, 500, 0, 1);
    // Each estimate costs its four passes over a quarter of the noise batch (128) at full speed.
    NoiseSource timed =
        (batchSize, shards) -> {
          sim.ticker.advance(4 * 32 * GoodputMaximizeTest.STEP.applyAsDouble(32));
          return noise.estimate(batchSize, shards);
        };
    return SimulatedNoise.goodput()
        .withNoiseSource(timed)
        .apply(
            sim.context(32, GoodputMaximizeTest.DATASET)
                .maxBatchSize(GoodputMaximizeTest.MAX)
                .budget(Budget.DEFAULT)
                .plan(PlannedTraining.epochs(epochs))
                .build());
  }

  private static long timesOf(SearchResult r, int batchSize) {
    return r.steps().stream().filter(s -> s.batchSize() == batchSize).count();
  }

  @Test
  void aStartTimedDuringAStallIsTimedAgainAndTheSearchGoesOnAsOnAQuietMachine() {
    SearchResult quiet = search(new SimulatedTraining(GoodputMaximizeTest.STEP), 1);
    // Steps 10x slower for the first 2 s: past the warm-up, through all of 32's timed windows.
    SearchResult stalled =
        search(new SimulatedTraining(GoodputMaximizeTest.STEP).stall(2.0, 10), 1);

    assertThat(timesOf(quiet, 32)).isEqualTo(1);
    assertThat(timesOf(stalled, 32)).isEqualTo(2);
    assertThat(stalled.chosenBatchSize()).as(stalled.detail()).isEqualTo(quiet.chosenBatchSize());
    assertThat(stalled.chosenBatchSize()).isEqualTo(256);
  }

  @Test
  void aStallOfUpToThreeSecondsCostsAtMostOneStepBelowTheQuietPick() {
    SearchResult quiet = search(new SimulatedTraining(GoodputMaximizeTest.STEP), 3);

    assertThat(quiet.chosenBatchSize()).isEqualTo(316);
    for (double seconds = 0.5; seconds <= 3.0; seconds += 0.5) {
      SearchResult r =
          search(new SimulatedTraining(GoodputMaximizeTest.STEP).stall(seconds, 10), 3);
      assertThat(r.chosenBatchSize()).as("stall %s s: %s", seconds, r.detail()).isBetween(256, 316);
    }
  }

  @Test
  void aSizeAboveTheStartTimedAsSlowPerExampleAsTheStartDoesNotEndTheSearchThere() {
    // 64 timed 1.8x slow and evenly (a load through all of its windows): per example as slow as
    // 32, neither spread nor slower enough to be a suspect. The line through the two has no fixed
    // cost and puts the argmax at 32; 128 decides.
    IntToDoubleFunction slowAt64 =
        b -> (b == 64 ? 1.8 : 1.0) * GoodputMaximizeTest.STEP.applyAsDouble(b);
    SearchResult r = search(new SimulatedTraining(slowAt64), 3);

    assertThat(timesOf(r, 128)).as(r.detail()).isEqualTo(1);
    assertThat(r.chosenBatchSize()).as(r.detail()).isBetween(256, 316);
  }

  @Test
  void sizesAsFastAsEachOtherUpToNoiseAreNotTakenForAStall() {
    // A fixed 20 ms a step whatever the size, 5 % noise: 64 is sometimes the faster of the two.
    for (long seed = 1; seed <= 20; seed++) {
      SimulatedTraining sim = new SimulatedTraining(b -> 0.02 / b).noise(0.05, seed);
      SearchResult r = search(sim, 1);
      assertThat(timesOf(r, 32)).as("seed %s", seed).isEqualTo(1);
    }
  }

  @Test
  void aJvmWarmingUpThroughTheFirstSizesDoesNotKeepTheStart() {
    // Steps 8 or 16 times slower at first, easing to full speed over 1-4 s: 32 timed very slow,
    // 64 after it less so. Timed again after 64, 32 proves the stall, and 64, timed during it,
    // is timed again too; a line through a fast 32 and a slow 64 had no fixed cost and kept 32.
    for (double factor : new double[] {8, 16}) {
      for (double seconds = 1; seconds <= 4; seconds++) {
        SearchResult r =
            search(
                new SimulatedTraining(GoodputMaximizeTest.STEP).processWarmUp(factor, seconds), 3);
        assertThat(r.chosenBatchSize())
            .as("%sx easing over %s s: %s", factor, seconds, r.detail())
            .isBetween(128, 357);
      }
    }
  }

  @Test
  void aStallThroughTheStartAndTheSizeAboveIsFoundByTheFirstFasterSize() {
    // 4 s at 10x: 32 and the size above, 64, are both timed in it; 128 is not.
    SearchResult r = search(new SimulatedTraining(GoodputMaximizeTest.STEP).stall(4.0, 10), 3);

    // The budget, spent in the stall, has no room to time both again at once: their stalled
    // windows are dropped, and 64 is timed afresh when the search needs it.
    assertThat(timesOf(r, 32)).isEqualTo(1);
    assertThat(timesOf(r, 64)).isEqualTo(2);
    assertThat(r.chosenBatchSize()).as(r.detail()).isEqualTo(316);
  }
}
