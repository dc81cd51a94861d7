package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * A search on a machine it shares: step times leave out the time the probes waited for a CPU
 * ({@link RunQueueWait}), so sizes compare as on a quiet machine, while the budget stays wall-clock
 * time, a share of the training at the pace the probes ran.
 */
class SearchUnderCpuContentionTest {

  private static final IntToDoubleFunction BOWL = b -> 1e-4 * (1 + 16.0 / b + b / 4000.0);
  private static final int DATASET = 20_000;

  private static SearchResult search(SimulatedTraining sim) {
    return ThroughputMaximize.create()
        .apply(
            sim.context(32, DATASET)
                .maxBatchSize(2048)
                .plan(PlannedTraining.epochs(5))
                .budget(Budget.fraction(0.025).withFloorSeconds(0))
                .build());
  }

  @Test
  void underASteadyLoadItMeasuresWhatItMeasuresQuietAndSpendsTheLoadsShareMore() {
    SimulatedTraining quiet = new SimulatedTraining(BOWL).coldFactor(30);
    SimulatedTraining loaded =
        new SimulatedTraining(BOWL).coldFactor(30).loadStep(0, 2.0).loadAsWait();

    SearchResult q = search(quiet);
    SearchResult l = search(loaded);

    // The same decisions: the budget and what each timing costs doubled together with the clock.
    assertThat(loaded.sizesRun).isEqualTo(quiet.sizesRun);
    assertThat(l.chosenBatchSize()).isEqualTo(q.chosenBatchSize());
    assertThat(l.stopReason()).isEqualTo(q.stopReason()).isEqualTo(StopReason.BUDGET);
    assertThat(l.probeSeconds() / q.probeSeconds()).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void underAnOnOffLoadItPicksWhatItPicksQuietWhereWallClockTimesMisledIt() {
    int quietPick = search(new SimulatedTraining(BOWL)).chosenBatchSize();
    List<Integer> withWaits = new ArrayList<>();
    List<Integer> wallClock = new ArrayList<>();

    for (int phase = 0; phase < 12; phase++) {
      double shift = phase * 0.025;
      withWaits.add(
          search(new SimulatedTraining(BOWL).onOffLoad(0.15, 1.5, shift).loadAsWait())
              .chosenBatchSize());
      wallClock.add(
          search(new SimulatedTraining(BOWL).onOffLoad(0.15, 1.5, shift)).chosenBatchSize());
    }

    assertThat(withWaits).as("wall clock: %s", wallClock).containsOnly(quietPick);
    assertThat(wallClock)
        .as("the load must mislead wall-clock timing")
        .anyMatch(b -> b != quietPick);
  }
}
