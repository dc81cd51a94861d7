package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link ThroughputMaximize}'s contest: the scan's best and its closest contenders within the
 * margin, timed again in interleaved rounds. The simulated steps are noiseless, so each size's scan
 * time is exactly what the load of its moment made it.
 */
class ContestTest {

  /** 1024 is truly 4 % faster per example than 512; 256 and 2048 are slower. */
  private static final IntToDoubleFunction CURVE =
      b ->
          switch (b) {
            case 1024 -> 0.96e-4;
            case 512 -> 1.00e-4;
            case 256, 2048 -> 1.01e-4;
            default -> 1.5e-4;
          };

  private final SimulatedTraining sim = new SimulatedTraining(CURVE);
  private final Candidates candidates =
      CandidatesTest.candidates(new Prober(sim.context(32, 100_000).build()));

  /** Times {@code b} for the scan with every step {@code load} times slower meanwhile. */
  private Measurement scanned(int b, double load) {
    sim.loadStep(sim.ticker.read() / 1e9, load);
    Measurement m = candidates.measure(b, Candidates.SCAN);
    sim.loadStep(sim.ticker.read() / 1e9, 1.0);
    return m;
  }

  @Test
  void aContenderThatALoadMadeLookSlowerWithinTheMarginWinsTheInterleavedRounds() {
    Measurement best = scanned(512, 1.0);
    // A load 5 % heavier while the scan timed 1024: it looked 0.8 % slower than 512, a close call
    // inside the 2 % margin that no single measurement can settle.
    Measurement closeCall = scanned(1024, 1.05);
    assertThat(closeCall.perExampleSeconds()).isGreaterThan(best.perExampleSeconds());
    assertThat(closeCall.perExampleSeconds())
        .isLessThan(best.perExampleSeconds() * (1 + candidates.margin()));

    Contest.Result r = new Contest(candidates).run(best);

    assertThat(r.sizes()).containsExactly(512, 1024);
    assertThat(r.rounds()).isEqualTo(ThroughputSettings.DEFAULT.contestRounds());
    assertThat(r.winner().batchSize()).isEqualTo(1024);
  }

  @Test
  void aSizeSlowerThanTheMarginIsNotTimedAgain() {
    Measurement best = scanned(512, 1.0);
    scanned(1024, 1.2); // looked 15 % slower: a clear loss, whatever it truly is

    Contest.Result r = new Contest(candidates).run(best);

    assertThat(r.sizes()).containsExactly(512);
    assertThat(r.rounds()).isZero();
    assertThat(r.winner()).isSameAs(best);
  }

  @Test
  void underAnOnOffLoadSlowerThanARoundTimesRelativeToTheirRoundPickTheFasterSize() {
    // A 1.3x load switching every 0.4 s, entered at 40 phases of its 0.8 s cycle: a round (a
    // measurement of each size) lasts a fraction of the cycle, so the load moves between rounds and
    // some rounds straddle a switch. Relative to its round, each time sheds the load it ran under.
    int right = 0;
    for (int phase = 0; phase < 40; phase++) {
      SimulatedTraining loaded = new SimulatedTraining(CURVE);
      Candidates c = CandidatesTest.candidates(new Prober(loaded.context(32, 100_000).build()));
      Measurement best = c.measure(512, Candidates.SCAN);
      c.measure(1024, Candidates.SCAN);
      loaded.onOffLoad(0.4, 1.3, phase * 0.4 / 20);

      Contest.Result r = new Contest(c).run(best);

      assertThat(r.sizes()).containsExactly(512, 1024);
      right += r.winner().batchSize() == 1024 ? 1 : 0;
    }
    // 31 of 40; with raw times in the rounds (tried) 21. Three rounds do not always resolve a 4 %
    // difference under a load that moves a measurement by up to 30 %; a miss costs the 4 %.
    assertThat(right).isGreaterThanOrEqualTo(28);
  }

  @Test
  void aLoadThatChangesTheOrderAfterTwoRoundsRestartsTheContestOnTheNewConditions() {
    // A job starts beside the training after two rounds and slows 1024 by 1.3x, 512 by 1.1x: 512
    // is now 13 % faster. The two stale rounds favour 1024 and outvote the one after the change,
    // unless the incumbent's jump (10 %, over twice the margin) restarts the contest.
    double round = secondsPerRoundOfAQuietContest();
    Measurement best = scanned(512, 1.0);
    scanned(1024, 1.05);
    double start = sim.ticker.read() / 1e9;
    sim.loadStep(start + 2.05 * round, b -> b == 1024 ? 1.3 : 1.1);

    Contest.Result r = new Contest(candidates).run(best);

    assertThat(r.restarts()).isEqualTo(1);
    assertThat(r.rounds()).isEqualTo(ThroughputSettings.DEFAULT.contestRounds());
    assertThat(r.winner().batchSize()).isEqualTo(512);
  }

  /** The same contest on a twin simulation with no load change: its seconds per round. */
  private static double secondsPerRoundOfAQuietContest() {
    SimulatedTraining twin = new SimulatedTraining(CURVE);
    Candidates c = CandidatesTest.candidates(new Prober(twin.context(32, 100_000).build()));
    Measurement best = c.measure(512, Candidates.SCAN);
    twin.loadStep(twin.ticker.read() / 1e9, 1.05);
    c.measure(1024, Candidates.SCAN);
    twin.loadStep(twin.ticker.read() / 1e9, 1.0);
    double start = twin.ticker.read() / 1e9;
    Contest.Result r = new Contest(c).run(best);
    assertThat(r.winner().batchSize()).isEqualTo(1024); // without the change, 1024 wins
    return (twin.ticker.read() / 1e9 - start) / r.rounds();
  }

  @Test
  void onlyTheClosestContendersWithinTheMarginAreTimedAgain() {
    Measurement best = scanned(512, 1.0);
    scanned(256, 1.0); // 1 % slower
    scanned(2048, 1.005); // 1.5 % slower
    scanned(1024, 1.05); // 0.8 % slower

    Contest.Result r = new Contest(candidates).run(best);

    assertThat(ThroughputSettings.DEFAULT.contenders()).isEqualTo(2);
    assertThat(r.sizes()).containsExactly(512, 1024, 256);
    assertThat(r.winner().batchSize()).isEqualTo(1024);
  }
}
