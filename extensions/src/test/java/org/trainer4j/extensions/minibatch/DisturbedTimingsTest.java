package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.trainer4j.extensions.minibatch.CandidatesTest.candidates;
import static org.trainer4j.extensions.minibatch.CandidatesTest.stalledAt32;

import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class DisturbedTimingsTest {

  /** A 20 ms fixed cost a step plus 0.1 ms an example: per example, larger sizes are faster. */
  private static final IntToDoubleFunction FIXED_COST = b -> 0.02 / b + 1e-4;

  private static Prober prober(SimulatedTraining sim) {
    return new Prober(sim.context(32, 100_000).budget(Budget.fixedSeconds(10)).build());
  }

  private static double left(Prober prober) {
    return prober.budgetSeconds() - prober.elapsedSeconds();
  }

  /** Budget left after timing 32 then 64 on a quiet machine running {@code perExample}. */
  private static double leftWhenQuiet(IntToDoubleFunction perExample) {
    Prober quiet = prober(new SimulatedTraining(perExample));
    Candidates q = candidates(quiet);
    q.measure(32, "goodput");
    q.measure(64, "goodput");
    return left(quiet);
  }

  @Test
  void aSmallerSizeSlowerThanALargerOneIsTimedAgainAndWhatItsStallCostIsGivenBack() {
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4);
    Prober prober = prober(sim);
    Candidates c = stalledAt32(sim, prober);

    new DisturbedTimings(c).check(c.all().get(64), "goodput");
    Measurement fresh = c.all().get(32);

    assertThat(fresh.perExampleSeconds()).isCloseTo(1e-4, within(1e-9));
    // 64, timed while the stall that 32's new timing proved was going on, is timed again too.
    assertThat(c.loadChanges()).isEqualTo(2);
    // As if the stall had never been, but for the settings' two warm-up steps of 32's new timing
    // (the first measurement's are not counted) and 64's second timing (2 + 5 steps of 6.4 ms).
    assertThat(left(prober))
        .isCloseTo(leftWhenQuiet(b -> 1e-4) - 2 * 3.2e-3 - 7 * 6.4e-3, within(1e-9));
  }

  @Test
  void aLargerSizeThatIsNotClearlyFasterLeavesTheSmallerOneAsItWas() {
    // Steps of 20 ms at any size up to noise: 64 as fast as 32, no sign of a disturbance.
    SimulatedTraining sim = new SimulatedTraining(b -> 0.02 / b);
    Candidates c = candidates(prober(sim));
    Measurement at32 = c.measure(32, "goodput");
    Measurement at64 = c.measure(64, "goodput");
    int runs = sim.sizesRun.size();

    new DisturbedTimings(c).check(at64, "goodput");

    assertThat(c.all().get(32)).isSameAs(at32);
    assertThat(c.all().get(64)).isSameAs(at64);
    assertThat(sim.sizesRun).hasSize(runs);
    assertThat(c.loadChanges()).isZero();
  }

  @Test
  void everySizeBelowAFasterOneIsTimedAgainNotOnlyTheLargestBelowIt() {
    // The stall lasts through 32 and 64; 128 runs at full speed.
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4);
    Candidates c = candidates(prober(sim));
    sim.stall(Double.MAX_VALUE, 10);
    c.measure(32, "goodput");
    c.measure(64, "goodput");
    sim.stall(sim.ticker.read() / 1e9, 10);
    Measurement at128 = c.measure(128, "goodput");

    new DisturbedTimings(c).check(at128, "goodput");

    assertThat(c.all().get(32).perExampleSeconds()).isCloseTo(1e-4, within(1e-9));
    assertThat(c.all().get(64).perExampleSeconds()).isCloseTo(1e-4, within(1e-9));
    // 32, 64, and 128 once more, as it was timed before the stall was proved.
    assertThat(c.loadChanges()).isEqualTo(3);
  }

  @Test
  void aLargerSizeTimedInAStallIsTimedAgainAndWhatItsStallCostIsGivenBack() {
    // 32 quiet; the stall starts as 64 is timed and ends right after.
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4);
    Prober prober = prober(sim);
    Candidates c = candidates(prober);
    c.measure(32, "goodput");
    sim.stall(Double.MAX_VALUE, 8);
    Measurement stalled = c.measure(64, "goodput");
    sim.stall(sim.ticker.read() / 1e9, 8);

    new DisturbedTimings(c).check(stalled, "goodput");

    assertThat(stalled.perExampleSeconds()).isCloseTo(8e-4, within(1e-9));
    assertThat(c.all().get(64).perExampleSeconds()).isCloseTo(1e-4, within(1e-9));
    assertThat(c.loadChanges()).isEqualTo(1);
    assertThat(left(prober)).isCloseTo(leftWhenQuiet(b -> 1e-4), within(1e-9));
  }

  @Test
  void aSizeTrulySlowerPerExampleIsTimedOnceMoreAndKeepsWhatItCost() {
    // Per example, 64 really takes twice 32's time (a cache the larger batch no longer fits).
    IntToDoubleFunction slowAbove32 = b -> b <= 32 ? 1e-4 : 2e-4;
    SimulatedTraining sim = new SimulatedTraining(slowAbove32);
    Prober prober = prober(sim);
    Candidates c = candidates(prober);
    c.measure(32, "goodput");
    double before64 = prober.elapsedSeconds();
    Measurement at64 = c.measure(64, "goodput");
    double timing64 = prober.elapsedSeconds() - before64;
    DisturbedTimings disturbed = new DisturbedTimings(c);

    disturbed.check(at64, "goodput");
    int runs = sim.sizesRun.size();
    disturbed.check(c.all().get(64), "goodput");

    assertThat(c.all().get(64).perExampleSeconds()).isCloseTo(2e-4, within(1e-9));
    assertThat(sim.sizesRun).as("timed again once only").hasSize(runs);
    assertThat(left(prober)).isCloseTo(leftWhenQuiet(slowAbove32) - timing64, within(1e-9));
  }

  @Test
  void aSizeWhoseWindowsSpreadFarMoreThanTheOthersIsTimedAgain() {
    // 64 timed while the process got the CPU only part of the time: its median per example no
    // slower than 32's, its windows spread wide; a line through the two would have no fixed cost.
    SimulatedTraining sim = new SimulatedTraining(FIXED_COST).noise(0.02, 10);
    Prober prober = prober(sim);
    Candidates c = candidates(prober);
    Measurement at32 = c.measure(32, "goodput");
    sim.jitteryStall(3, 0.5);
    Measurement spread = c.measure(64, "goodput");

    assertThat(spread.noise())
        .isGreaterThan(DisturbedTimings.SPREAD)
        .isGreaterThan(DisturbedTimings.SPREAD_RATIO * at32.noise());
    assertThat(spread.perExampleSeconds() / at32.perExampleSeconds())
        .isBetween(0.8, DisturbedTimings.SLOWER);
    new DisturbedTimings(c).check(spread, "goodput");

    assertThat(c.all().get(64).perExampleSeconds())
        .isCloseTo(FIXED_COST.applyAsDouble(64), within(0.1 * FIXED_COST.applyAsDouble(64)));
    assertThat(c.loadChanges()).isEqualTo(1);
  }

  @Test
  void aSuspectTheBudgetCannotTimeAgainIsDroppedNotFitted() {
    // 128 timed under a load that ended right after, 1.9x slower per example than 64; the budget
    // was then spent elsewhere (noise estimates).
    SimulatedTraining sim = new SimulatedTraining(FIXED_COST);
    Prober prober = prober(sim);
    Candidates c = candidates(prober);
    c.measure(32, "goodput");
    c.measure(64, "goodput");
    sim.loadStep(sim.ticker.read() / 1e9, 3);
    Measurement slow = c.measure(128, "goodput");
    sim.loadStep(Double.POSITIVE_INFINITY, 1);
    sim.ticker.advance(left(prober) - 1e-3);

    new DisturbedTimings(c).check(slow, "goodput");

    assertThat(c.all()).containsOnlyKeys(32, 64);
  }

  @Test
  void aSizeTimedDuringAProvenStallIsKeptWhenTheBudgetCannotTimeItAgain() {
    // 32 stalled, 64 not; the budget overspent by a second elsewhere, more than 32's stall gives
    // back: 64's speed proves 32's stall, so 32's windows are dropped. 64, timed while the stall
    // may still have lasted, is a suspect, but nothing in its windows is implausible: it stays.
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4);
    Prober prober = prober(sim);
    Candidates c = stalledAt32(sim, prober);
    sim.ticker.advance(left(prober) + 1.0);

    new DisturbedTimings(c).check(c.all().get(64), "goodput");

    assertThat(c.all()).containsOnlyKeys(64);
  }

  @Test
  void aSpreadSizeThatProvesASmallerOneStalledIsKeptWhenTheBudgetCannotTimeItAgain() {
    // 32 timed in a 10x stall; the stall eases unevenly through 64's windows, which spread wide
    // but whose median step is still under half of 32's. No budget is left: 64's windows are the
    // only evidence of 32's stall, so 32's are dropped and 64's kept.
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4);
    Prober prober = prober(sim);
    Candidates c = candidates(prober);
    sim.stall(Double.MAX_VALUE, 10);
    Measurement at32 = c.measure(32, "goodput");
    sim.stall(sim.ticker.read() / 1e9, 10);
    sim.jitteryStall(3, 10);
    Measurement at64 = c.measure(64, "goodput");
    sim.ticker.advance(left(prober) + 1.0);

    assertThat(at64.noise())
        .isGreaterThan(DisturbedTimings.SPREAD)
        .isGreaterThan(DisturbedTimings.SPREAD_RATIO * at32.noise());
    assertThat(at64.stepSeconds()).isLessThan(DisturbedTimings.STALLED * at32.stepSeconds());
    new DisturbedTimings(c).check(at64, "goodput");

    assertThat(c.all()).containsOnlyKeys(64);
  }

  @Test
  void aSuspectSlowPerExampleIsDroppedButStillProvesASmallerSizeStalled() {
    // 32 quiet; 64 timed twice in a 20x stall; the stall ends and 128 runs under a 2x load, 2x
    // slower per example than 32: implausible, so dropped when the budget cannot time it again.
    // Its step, though slowed, is under half of 64's: 64 stalled, and is dropped too.
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-4);
    Prober prober = prober(sim);
    Candidates c = candidates(prober);
    DisturbedTimings disturbed = new DisturbedTimings(c);
    disturbed.check(c.measure(32, "goodput"), "goodput");
    sim.stall(Double.MAX_VALUE, 20);
    disturbed.check(c.measure(64, "goodput"), "goodput");
    assertThat(c.all().get(64).perExampleSeconds()).isCloseTo(20e-4, within(1e-9));
    sim.stall(sim.ticker.read() / 1e9, 20);
    sim.loadStep(sim.ticker.read() / 1e9, 2);
    Measurement loaded = c.measure(128, "goodput");
    sim.ticker.advance(left(prober) + 1.0);

    disturbed.check(loaded, "goodput");

    assertThat(c.all()).containsOnlyKeys(32);
  }

  @Test
  void aSizeSpreadNoMoreThanTheOthersIsNotTimedAgain() {
    // 30 % noise on every step: 32 and 64 both spread past the threshold, alike.
    SimulatedTraining sim = new SimulatedTraining(FIXED_COST).noise(0.30, 4);
    Candidates c = candidates(prober(sim));
    Measurement at32 = c.measure(32, "goodput");
    Measurement at64 = c.measure(64, "goodput");

    assertThat(at64.noise())
        .isGreaterThan(DisturbedTimings.SPREAD)
        .isLessThan(DisturbedTimings.SPREAD_RATIO * at32.noise());
    new DisturbedTimings(c).check(at64, "goodput");

    assertThat(c.all().get(64)).isSameAs(at64);
    assertThat(c.loadChanges()).isZero();
  }

  @Test
  void aMachineNoisyForEverySizeGetsNothingBackForItsSpread() {
    // 30 % noise on every step, as under a load switching on and off: every size spreads alike,
    // and a size that looks disturbed by chance is timed again at the budget's expense.
    for (long seed = 1; seed <= 20; seed++) {
      SimulatedTraining sim = new SimulatedTraining(FIXED_COST).noise(0.30, seed);
      Prober prober = prober(sim);
      Candidates c = candidates(prober);
      DisturbedTimings disturbed = new DisturbedTimings(c);
      disturbed.check(c.measure(32, "goodput"), "goodput");
      double warmUp = prober.budget().uncountedSeconds();
      for (int b = 64; b <= 256; b *= 2) {
        disturbed.check(c.measure(b, "goodput"), "goodput");
      }
      assertThat(prober.budget().uncountedSeconds()).as("seed %s", seed).isEqualTo(warmUp);
    }
  }

  @Test
  void aSizeImplausiblySlowPerExampleIsTimedBesideTheIncumbentAndItsLoadedTimingGivenBack() {
    SimulatedTraining sim = new SimulatedTraining(FIXED_COST);
    Prober prober = prober(sim);
    Candidates c = candidates(prober);
    Measurement at32 = c.measure(32, "coarse");
    // A load that triples every step while 64 is timed alone, gone when it is timed beside 32:
    // 64 looks 1.7x slower per example than 32.
    sim.loadStep(sim.ticker.read() / 1e9, 3);
    Measurement loaded = c.measure(64, "coarse");
    sim.loadStep(0, 1);
    double loadedCost = c.charged(64);
    double uncounted = prober.budget().uncountedSeconds();

    PairedTiming.Result r = new DisturbedTimings(c).recheckIfImplausiblySlow(loaded, at32);

    assertThat(r.ratio())
        .isCloseTo(FIXED_COST.applyAsDouble(64) / FIXED_COST.applyAsDouble(32), within(1e-9));
    assertThat(prober.budget().uncountedSeconds() - uncounted).isCloseTo(loadedCost, within(1e-9));
    // Only the new windows: pooled with the loaded ones, 64's median would sit between the two.
    assertThat(c.all().get(64).perExampleSeconds())
        .isCloseTo(FIXED_COST.applyAsDouble(64), within(1e-9));
  }

  @Test
  void aSizeTrulySlowPerExampleKeepsWhatItsTimingCost() {
    // A memory cliff above 32: 64 is truly 1.7x slower per example, and stays so beside 32.
    IntToDoubleFunction cliff = b -> b <= 32 ? FIXED_COST.applyAsDouble(b) : 1.24e-3;
    Prober prober = prober(new SimulatedTraining(cliff));
    Candidates c = candidates(prober);
    Measurement at32 = c.measure(32, "coarse");
    Measurement at64 = c.measure(64, "coarse");
    double uncounted = prober.budget().uncountedSeconds();
    DisturbedTimings disturbed = new DisturbedTimings(c);

    PairedTiming.Result r = disturbed.recheckIfImplausiblySlow(at64, at32);

    assertThat(r.ratio()).isCloseTo(1.24e-3 / cliff.applyAsDouble(32), within(1e-9));
    assertThat(prober.budget().uncountedSeconds()).isCloseTo(uncounted, within(1e-9));
    // Once a size: a second look would cost a truly slow size another pairing.
    assertThat(disturbed.recheckIfImplausiblySlow(c.all().get(64), at32)).isNull();
  }

  @Test
  void aRiseBuiltUpOverSeveralDoublingsIsNotImplausibleAndNotTimedAgain() {
    // As the full-data MLP on an Intel Xeon: each doubling a little slower per example (1.2x, then
    // 1.3x), 1.56x over two; 128 was timed twice though nothing disturbed it.
    IntToDoubleFunction rising = b -> b <= 32 ? 1e-4 : b == 64 ? 1.2e-4 : 1.56e-4;
    SimulatedTraining sim = new SimulatedTraining(rising);
    Candidates c = candidates(prober(sim));
    Measurement at32 = c.measure(32, "coarse");
    c.measure(64, "coarse");
    Measurement at128 = c.measure(128, "coarse");
    int runs = sim.sizesRun.size();

    assertThat(new DisturbedTimings(c).recheckIfImplausiblySlow(at128, at32)).isNull();
    assertThat(sim.sizesRun).hasSize(runs);
  }

  @Test
  void aSizeWithinTheSlowdownALargerBatchCanHaveIsNotTimedAgain() {
    // 64 truly 1.4x slower per example than 32: slower, but not implausibly so.
    IntToDoubleFunction rising = b -> b <= 32 ? 1e-4 : 1.4e-4;
    SimulatedTraining sim = new SimulatedTraining(rising);
    Candidates c = candidates(prober(sim));
    Measurement at32 = c.measure(32, "coarse");
    Measurement at64 = c.measure(64, "coarse");
    int runs = sim.sizesRun.size();

    assertThat(new DisturbedTimings(c).recheckIfImplausiblySlow(at64, at32)).isNull();
    assertThat(sim.sizesRun).hasSize(runs);
  }
}
