package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidatesTest {

  private static Candidates candidates(SimulatedTraining sim) {
    return candidates(new Prober(sim.context(32, 100_000).build()));
  }

  static Candidates candidates(Prober prober) {
    return new Candidates(prober, ThroughputSettings.DEFAULT.withMinWindowSeconds(0));
  }

  @Test
  void aDifferenceCountsOnlyBeyondTwiceThePooledNoiseWhenThatExceedsTheMinimumGain() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4).noise(0.20, 3);
    Candidates c = candidates(sim);
    c.measure(32, "coarse");
    c.measure(64, "coarse");

    assertThat(c.pooledNoise()).isGreaterThan(0.05);
    assertThat(c.margin()).isCloseTo(2 * c.pooledNoise(), within(1e-12));
  }

  @Test
  void withoutNoiseTheMinimumGainIsTheMargin() {
    Candidates c = candidates(new SimulatedTraining(b -> 1e-4));
    c.measure(32, "coarse");

    assertThat(c.margin()).isEqualTo(0.02);
  }

  @Test
  void aPairedComparisonSeesThroughALoadThatStartedAfterTheIncumbentWasMeasured() {
    // 64 is truly 20 % faster per example; once 32 is measured, every step is 3x slower.
    SimulatedTraining sim = new SimulatedTraining(b -> b == 64 ? 0.8e-4 : 1e-4);
    Candidates c = candidates(sim);
    Measurement incumbent = c.measure(32, "coarse");
    sim.loadStep(sim.ticker.read() / 1e9, 3.0);
    sim.ticker.advance(0.05);
    Measurement candidate = c.measure(64, "coarse");

    // Unpaired, the candidate would look 2.4x slower than the incumbent's stale time.
    assertThat(candidate.perExampleSeconds() / incumbent.perExampleSeconds()).isGreaterThan(2);
    PairedTiming.Result paired = c.pair(64, incumbent, "confirm");
    assertThat(paired.ratio()).isCloseTo(0.8, within(0.01));
    assertThat(c.loadChanges()).isEqualTo(1);
    // The stale windows of both sizes are replaced by the paired ones, timed under the load.
    assertThat(c.all().get(32).windows()).isEqualTo(paired.incumbent().windows());
    assertThat(c.all().get(64).windows()).isEqualTo(paired.candidate().windows());
  }

  @Test
  void aLoadThatSwitchesOffDuringAPairedComparisonSpoilsOnlyTheRoundItFallsIn() {
    // 64 is truly 20 % faster per example. A 3x load is on when the pairing starts and switches
    // off in its third round, between 64's window and 32's (64's steps take 15.36 ms loaded, 32's
    // 9.6 ms: the rounds end at 65.3 and 105.6 ms, 64's third window at 121.0 ms). So 64 has three
    // loaded windows and 32 two: each size's median alone would compare loaded with quiet (2.4).
    SimulatedTraining sim = new SimulatedTraining(b -> b == 64 ? 0.8e-4 : 1e-4);
    Candidates c = candidates(sim);
    Measurement incumbent = c.measure(32, "coarse");
    double offAt = sim.ticker.read() / 1e9 + 0.1212;
    sim.onOffLoad(1, 3, 2 - offAt);

    PairedTiming.Result paired = c.pair(64, incumbent, "confirm");

    assertThat(paired.candidate().windows()).hasSize(5);
    assertThat(paired.candidate().perExampleSeconds() / paired.incumbent().perExampleSeconds())
        .isCloseTo(2.4, within(0.01));
    assertThat(paired.ratio()).isCloseTo(0.8, within(0.01));
  }

  @Test
  void pairingAlternatesTheOrderEachRoundAndDiscardsOneStepAfterEachChangeOfSize() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4);
    Candidates c = candidates(sim);
    Measurement incumbent = c.measure(32, "coarse");
    sim.sizesRun.clear();

    PairedTiming.Result first = c.pair(64, incumbent, "refine");

    // Rounds 64-32, 32-64, 64-32, 32-64, 64-32: a size's windows of adjacent rounds run together.
    List<Integer> changes = new ArrayList<>();
    for (int b : sim.sizesRun) {
      if (changes.isEmpty() || changes.get(changes.size() - 1) != b) {
        changes.add(b);
      }
    }
    assertThat(changes).containsExactly(64, 32, 64, 32, 64, 32);
    // 64 is new: two warm-up steps first, then one at each change to it (rounds 2 and 4); 32
    // one at each change to it (rounds 1, 3 and 5).
    assertThat(first.candidate().warmupSteps()).isEqualTo(4);
    assertThat(first.incumbent().warmupSteps()).isEqualTo(3);
    assertThat(first.candidate().windows()).hasSize(5);
    assertThat(first.incumbent().windows()).hasSize(5);
    PairedTiming.Result again = c.pair(64, incumbent, "confirm");
    assertThat(again.candidate().warmupSteps()).isEqualTo(3);
    assertThat(again.incumbent().warmupSteps()).isEqualTo(3);
  }

  /** Candidates whose search has {@code remaining} seconds of a fixed budget left, 32 measured. */
  private static Candidates withSecondsLeft(SimulatedTraining sim, double remaining) {
    Prober prober = new Prober(sim.context(32, 100_000).budget(Budget.fixedSeconds(10)).build());
    Candidates c = new Candidates(prober, ThroughputSettings.DEFAULT.withMinWindowSeconds(0));
    c.measure(32, "coarse");
    sim.ticker.advance(prober.budgetSeconds() - prober.elapsedSeconds() - remaining);
    return c;
  }

  @Test
  void aPairingTheBudgetCannotAffordInFullShrinksToTwoRoundsOrIsNotStarted() {
    // 64 new against 32 at 1e-4 s an example, one step a window: five rounds cost 0.083 s
    // (64: two warm-up steps, one at each later change to it, five windows; 32 likewise from one),
    // 0.104 s with the 25 % headroom; two rounds 0.052 s.
    SimulatedTraining sim = new SimulatedTraining(b -> b == 64 ? 0.8e-4 : 1e-4);
    Candidates c = withSecondsLeft(sim, 0.07);
    Measurement incumbent = c.all().get(32);

    PairedTiming.Result shrunk = c.pair(64, incumbent, "refine");

    assertThat(shrunk.candidate().windows()).hasSize(2);
    assertThat(shrunk.ratio()).isCloseTo(0.8, within(0.01));

    SimulatedTraining poorer = new SimulatedTraining(b -> b == 64 ? 0.8e-4 : 1e-4);
    Candidates none = withSecondsLeft(poorer, 0.03);
    assertThat(none.pair(64, none.all().get(32), "refine")).isNull();
    assertThat(none.budgetHit()).isTrue();
    assertThat(none.budgetNote()).contains("timing 64 against 32");
  }

  @Test
  void aPairingOverrunByALoadStopsAfterTwoRoundsPastTheBudget() {
    // Enough left for five rounds at the predicted cost; then every step becomes 4x slower.
    SimulatedTraining sim = new SimulatedTraining(b -> b == 64 ? 0.8e-4 : 1e-4);
    Candidates c = withSecondsLeft(sim, 0.11);
    sim.loadStep(sim.ticker.read() / 1e9, 4.0);

    PairedTiming.Result paired = c.pair(64, c.all().get(32), "refine");

    assertThat(paired.candidate().windows()).hasSize(2);
    assertThat(paired.ratio()).isCloseTo(0.8, within(0.01));
  }

  /** Candidates that timed 32 while the process stalled (10x slower steps), then 64 after it. */
  static Candidates stalledAt32(SimulatedTraining sim, Prober prober) {
    Candidates c = candidates(prober);
    sim.stall(Double.MAX_VALUE, 10);
    c.measure(32, "goodput");
    sim.stall(sim.ticker.read() / 1e9, 10);
    c.measure(64, "goodput");
    return c;
  }

  @Test
  void noPredictionExceedsTheStepTimeOfALargerSizeTimed() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4);
    Candidates c = stalledAt32(sim, new Prober(sim.context(32, 100_000).build()));
    double at64 = c.all().get(64).stepSeconds();

    assertThat(c.all().get(32).stepSeconds()).isCloseTo(32e-3, within(1e-9));
    assertThat(c.predictStepSeconds(32)).isCloseTo(at64, within(1e-12));
    assertThat(c.predictStepSeconds(48)).isCloseTo(at64, within(1e-12));
  }
}
