package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CandidatesTest {

  private static Candidates candidates(SimulatedTraining sim) {
    Prober prober = new Prober(sim.context(32, 100_000).build());
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
    assertThat(c.pairedRatio(candidate, incumbent)).isCloseTo(0.8, within(0.01));
    assertThat(c.loadChanges()).isEqualTo(1);
  }
}
