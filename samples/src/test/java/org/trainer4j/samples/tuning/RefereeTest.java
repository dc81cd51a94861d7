package org.trainer4j.samples.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trainer4j.extensions.minibatch.ProbeRunner;

class RefereeTest {

  private static final int DATASET = 1_000;

  /**
   * Steps of 10 ms per 10 examples on a simulated clock; during the first half of every {@code
   * period} another job doubles them.
   */
  private static final class OnOffLoad implements ProbeRunner {
    private final double period;
    private double clock;

    OnOffLoad(double period) {
      this.period = period;
    }

    @Override
    public double[] run(int batchSize, int steps) {
      double[] seconds = new double[steps];
      for (int i = 0; i < steps; i++) {
        double quiet = 0.001 * batchSize;
        seconds[i] = (clock % period) < period / 2 ? 2 * quiet : quiet;
        clock += seconds[i];
      }
      return seconds;
    }
  }

  @Test
  void underAnOnOffLoadEachPassCountsTheMeanStepOverAWholePeriod() {
    Referee referee = Referee.underLoad(new OnOffLoad(3.0), DATASET, 2, 5, 0.4, 3.0);

    referee.measure(List.of(10, 20), 5, 1);

    // Half the time loaded at twice the cost: an epoch under this load takes 4/3 of a quiet one.
    double quietEpoch = 0.001 * DATASET;
    for (int b : List.of(10, 20)) {
      for (double epoch : referee.of(b)) {
        assertThat(epoch).isCloseTo(4.0 / 3 * quietEpoch, within(0.05 * quietEpoch));
      }
    }
    MedianInterval ratio = referee.ratio(20, 10);
    assertThat(ratio.high() / ratio.low()).isLessThan(1.1);
  }

  @Test
  void underAnOnOffLoadEachConfirmingWindowHoldsAWholePeriodSoTheAnchorMatchesItself() {
    // Every size costs the same per example, so each ratio is 1 unless a window catches more of
    // the load's on phase than the anchor's beside it: short windows would (0.5-2.0 a window).
    List<Integer> sizes = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    OnOffLoad load = new OnOffLoad(3.0);
    ProbeRunner recording =
        (batchSize, steps) -> {
          double[] s = load.run(batchSize, steps);
          sizes.add(batchSize);
          seconds.add(Arrays.stream(s).sum());
          return s;
        };
    Referee referee = Referee.underLoad(recording, DATASET, 2, 5, 0.4, 3.0);
    referee.measure(List.of(10, 20), 3, 1);
    sizes.clear();
    seconds.clear();

    referee.confirm(List.of(10, 20), List.of(), 0.10, 4, 2);

    int other = referee.anchor() == 10 ? 20 : 10;
    assertThat(referee.toAnchor(other))
        .hasSize(4)
        .allSatisfy(r -> assertThat(r).isCloseTo(1.0, within(0.05)));
    assertThat(referee.selfRatios())
        .hasSize(4)
        .allSatisfy(r -> assertThat(r).isCloseTo(1.0, within(0.05)));
    // The other size's windows, each a run of its calls: two a round, each a period or more.
    List<Double> windows = new ArrayList<>();
    for (int i = 0; i < sizes.size(); i++) {
      if (sizes.get(i) != other) {
        continue;
      }
      if (i == 0 || sizes.get(i - 1) != other) {
        windows.add(0.0); // a window's first call is its warm-up, not timed
      } else {
        windows.set(windows.size() - 1, windows.get(windows.size() - 1) + seconds.get(i));
      }
    }
    assertThat(windows)
        .hasSize(4 * Referee.LOADED_WINDOW_PAIRS)
        .allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(3.0));
  }

  @Test
  void aQuietRefereeTakesTheMedianStep() {
    // Short passes under the same load land wholly in one phase: the median is loaded or quiet.
    Referee referee = Referee.quiet(new OnOffLoad(3.0), DATASET, 2, 5, 0.4);

    referee.measure(List.of(10), 8, 1);

    double quietEpoch = 0.001 * DATASET;
    assertThat(referee.of(10))
        .allSatisfy(
            epoch ->
                assertThat(Math.min(Math.abs(epoch - quietEpoch), Math.abs(epoch - 2 * quietEpoch)))
                    .isLessThan(0.01 * quietEpoch));
    assertThat(referee.of(10)).anyMatch(epoch -> Math.abs(epoch - quietEpoch) < 0.01 * quietEpoch);
    assertThat(referee.of(10))
        .anyMatch(epoch -> Math.abs(epoch - 2 * quietEpoch) < 0.01 * quietEpoch);
  }

  @Test
  void moreRoundsForSomeSizesAddToTheirRoundsAndTheirRatioRestsOnAllOfThem() {
    Referee referee = Referee.quiet(CURVE, DATASET, 1, 3, 0.0);
    referee.measure(List.of(10, 20, 40), 3, 1);

    referee.measure(List.of(10, 20), 6, 2);

    assertThat(referee.of(10)).hasSize(9);
    assertThat(referee.of(20)).hasSize(9);
    assertThat(referee.of(40)).hasSize(3);
    MedianInterval ratio = referee.ratio(20, 10);
    assertThat(ratio.median()).isCloseTo(1.05, within(1e-9));
    assertThat(ratio.coverage()).isCloseTo(1 - 2 * 10.0 / 512, within(1e-12));
    assertThat(referee.ratio(40, 10).coverage()).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void theContendersAreTheGridSizesWithinTheMarginOfTheBest() {
    Referee referee = Referee.quiet(CURVE, DATASET, 1, 3, 0.0);
    referee.measure(List.of(10, 20, 40), 3, 1);

    assertThat(referee.contenders(List.of(10, 20, 40), 0.10)).containsExactly(10, 20);
    assertThat(referee.contenders(List.of(10, 20, 40), 0.25)).containsExactly(10, 20, 40);
  }

  @Test
  void aGridSizeCaughtSlowInMostOfTheFirstRoundsStaysAContenderByItsFastestRound() {
    // 20 is as fast as 10, but the machine was in its slow state for 20's second and third passes;
    // 80 fails in every round (out of memory), which leaves it no fastest round.
    Map<Integer, Integer> passes = new HashMap<>();
    ProbeRunner runner =
        (batchSize, steps) -> {
          if (batchSize == 80) {
            throw new IllegalStateException("out of memory at 80");
          }
          if (steps == 2) { // a pass starts with its two warm-up steps
            passes.merge(batchSize, 1, Integer::sum);
          }
          boolean slow = batchSize == 20 && passes.get(batchSize) > 1;
          double perExample = batchSize == 40 ? 1.3e-3 : 1e-3;
          double[] seconds = new double[steps];
          Arrays.fill(seconds, perExample * batchSize * (slow ? 1.5 : 1));
          return seconds;
        };
    Referee referee = Referee.quiet(runner, DATASET, 2, 3, 0.0);
    referee.measure(List.of(10, 20, 40, 80), 3, 1);

    assertThat(Referee.median(referee.of(20))).isGreaterThan(1.2 * Referee.median(referee.of(10)));
    assertThat(referee.of(80)).hasSize(3).allMatch(epoch -> epoch.isNaN());
    assertThat(referee.contenders(List.of(10, 20, 40, 80), 0.20)).containsExactly(10, 20);
  }

  @Test
  void theBestAfterMoreRoundsIsTheBestOfTheSizesTimedInEveryRound() {
    // 10 is the fastest, 40 outside the margin; the machine halves its speed after the first
    // rounds.
    boolean[] slow = {false};
    ProbeRunner drifting =
        (batchSize, steps) -> {
          double perExample = batchSize == 10 ? 1e-3 : batchSize == 20 ? 1.15e-3 : 1.25e-3;
          double[] seconds = new double[steps];
          Arrays.fill(seconds, perExample * batchSize * (slow[0] ? 2 : 1));
          return seconds;
        };
    Referee referee = Referee.quiet(drifting, DATASET, 1, 3, 0.0);
    referee.measure(List.of(10, 20, 40), 3, 1);
    slow[0] = true;

    int best = referee.confirm(List.of(10, 20, 40), List.of(20), 0.20, 6, 2);

    // By medians over all rounds 40 (three fast ones) would beat 10 (six of nine slow).
    assertThat(best).isEqualTo(10);
    assertThat(referee.of(10)).hasSize(9);
    assertThat(referee.of(40)).hasSize(3);
    assertThat(referee.confirm(List.of(10, 20, 40), List.of(), 0.20, 0, 3)).isEqualTo(40);
  }

  @Test
  void onAMachineThatSwitchesSpeedTheAlternatingWindowsKeepTheRatioAndTheAnchorAgainstItself() {
    // The same steps take 1x or 1.5x, switching every simulated two seconds: longer than a window
    // (three steps), shorter than a round.
    double[] clock = {0};
    ProbeRunner switching =
        (batchSize, steps) -> {
          double perExample =
              Map.of(10, 1e-3, 20, 1.05e-3, 40, 1.2e-3, 160, 1.4e-3, 320, 1.5e-3).get(batchSize);
          double[] seconds = new double[steps];
          for (int i = 0; i < steps; i++) {
            seconds[i] = perExample * batchSize * (((long) (clock[0] / 2)) % 2 == 0 ? 1 : 1.5);
            clock[0] += seconds[i];
          }
          return seconds;
        };
    Referee referee = Referee.quiet(switching, DATASET, 1, 3, 0.0);
    referee.measure(List.of(10, 20, 40, 160, 320), 3, 1);

    int best = referee.confirm(List.of(10, 20, 40), List.of(20, 160, 320), 0.20, 9, 2);

    assertThat(best).isEqualTo(10);
    MedianInterval ratio = referee.ratio(20, best);
    assertThat(ratio.median()).isCloseTo(1.05, within(0.005));
    assertThat(ratio.low()).isGreaterThan(1.0);
    assertThat(ratio.high()).isLessThan(1.1);
    MedianInterval self = referee.selfRatio();
    assertThat(self.median()).isCloseTo(1.0, within(0.005));
    assertThat(self.high()).isLessThan(1.05);
    assertThat(self.coverage()).isCloseTo(1 - 2 * 10.0 / 512, within(1e-12));
    // Paired by round, passes minutes apart mix the two speeds.
    MedianInterval byRound = referee.roundRatio(20, best);
    assertThat(byRound.high() / byRound.low()).isGreaterThan(1.3);
  }

  @Test
  void aConfirmingRoundTimesEachSizeInWindowsAlternatingWithTheAnchorsAndTheAnchorAgainstItself() {
    List<Integer> order = new ArrayList<>();
    ProbeRunner recording =
        (batchSize, steps) -> {
          order.add(batchSize);
          return CURVE.run(batchSize, steps);
        };
    Referee referee = Referee.quiet(recording, DATASET, 1, 3, 0.0);
    referee.measure(List.of(10, 20, 40), 3, 1);
    order.clear();

    referee.confirm(List.of(10, 20, 40), List.of(20), 0.10, 1, 2);

    // Two contenders, 20 and 10 against itself, each as 10 20 10 20 10 20 10 20 10 in windows of
    // three steps: collapsed into runs of one size, four runs of 20, each between two of 10.
    List<Integer> runs = new ArrayList<>();
    for (int b : order) {
      if (runs.isEmpty() || runs.get(runs.size() - 1) != b) {
        runs.add(b);
      }
    }
    for (int i = 0; i < runs.size(); i++) {
      if (runs.get(i) == 20) {
        assertThat(runs.get(i - 1)).isEqualTo(10);
        assertThat(runs.get(i + 1)).isEqualTo(10);
      }
    }
    assertThat(runs.stream().filter(b -> b == 20)).hasSize(Referee.WINDOW_PAIRS);
    assertThat(referee.toAnchor(20))
        .singleElement()
        .satisfies(r -> assertThat(r).isCloseTo(1.05, within(1e-9)));
    assertThat(referee.selfRatio().median()).isCloseTo(1.0, within(1e-9));
    assertThat(referee.toAnchor(40)).isEmpty();
  }

  @Test
  void inTheConfirmingRoundsARareBlipInTheAnchorsStepsMovesNoRatio() {
    // Every size as CURVE, except that every 50th step of size 10, the best, takes twice as long:
    // about one in a confirming round (some 57 steps of 10 a round here).
    int[] steps10 = {0};
    ProbeRunner blips =
        (batchSize, steps) -> {
          double[] seconds = CURVE.run(batchSize, steps);
          for (int i = 0; i < steps; i++) {
            if (batchSize == 10 && steps10[0]++ % 50 == 49) {
              seconds[i] *= 2;
            }
          }
          return seconds;
        };
    Referee referee = Referee.quiet(blips, DATASET, 1, 1, 0.0);
    referee.measure(List.of(10, 20, 40), 3, 1);

    int best = referee.confirm(List.of(10, 20, 40), List.of(20, 40), 0.25, 9, 2);

    assertThat(best).isEqualTo(10);
    assertThat(referee.anchor()).isEqualTo(10);
    // The anchor's time in a round is the median of its windows there.
    assertThat(referee.of(10).subList(3, 12)).containsOnly(1.0);
    // A blip moves the round it falls in, not the median over the rounds.
    MedianInterval ratio = referee.ratio(20, best);
    assertThat(ratio.median()).isCloseTo(1.05, within(1e-9));
    assertThat(referee.ratio(40, best).median()).isCloseTo(1.2, within(1e-9));
  }

  @Test
  void theRefereesResolutionIsTheAnchorTimedAgainstItselfAsEverySizeIs() {
    // A window is one discarded and two timed steps, as is a first-rounds pass here (2 discarded,
    // 1 timed); size 10's steps cycle through 0.9, 1.0 and 1.1 of its time, one level for each
    // three steps: one window.
    int[] steps10 = {0};
    double[] levels = {0.9, 1.0, 1.1};
    ProbeRunner cycling =
        (batchSize, steps) -> {
          double[] seconds = CURVE.run(batchSize, steps);
          for (int i = 0; i < steps; i++) {
            seconds[i] *= batchSize == 10 ? levels[(steps10[0]++ / 3) % 3] : 1;
          }
          return seconds;
        };
    Referee referee = Referee.quiet(cycling, DATASET, 2, 1, 0.0);
    referee.measure(List.of(10, 20), 3, 1);

    referee.confirm(List.of(10, 20), List.of(20), 0.25, 9, 2);

    assertThat(referee.anchor()).isEqualTo(10);
    // Against itself, each window of 10 between two others: its level over their mean, the median
    // of four such ratios a round, which with three levels is one of three values.
    double[] possible = {0.9 / 1.05 / 2 + 1.0 / 2, 1.0, (1.0 + 1.1 / 0.95) / 2};
    assertThat(referee.selfRatios())
        .hasSize(9)
        .allSatisfy(
            r ->
                assertThat(Arrays.stream(possible).anyMatch(v -> Math.abs(v - r) < 1e-9))
                    .as("%s", r)
                    .isTrue());
    assertThat(referee.selfRatios().stream().distinct().count()).isGreaterThan(1);
    // The anchor's time in a round is the median of all its windows there (fourteen, about a third
    // at each level), not of some of them.
    assertThat(referee.of(10).subList(3, 12))
        .allSatisfy(epoch -> assertThat(epoch).isCloseTo(1.0, within(1e-9)));
    MedianInterval self = referee.selfRatio();
    assertThat(self.low()).isLessThanOrEqualTo(self.median());
    assertThat(self.median()).isLessThanOrEqualTo(self.high());
    // None without confirming rounds.
    Referee unconfirmed = Referee.quiet(CURVE, DATASET, 1, 3, 0.0);
    unconfirmed.measure(List.of(10, 20), 3, 1);
    assertThat(unconfirmed.selfRatio()).isNull();
  }

  /** Epoch seconds 1.0 at size 10, 1.05 at 20 and 1.2 at 40, whatever the round. */
  private static final ProbeRunner CURVE =
      (batchSize, steps) -> {
        double perExample = batchSize == 10 ? 1e-3 : batchSize == 20 ? 1.05e-3 : 1.2e-3;
        double[] seconds = new double[steps];
        Arrays.fill(seconds, perExample * batchSize);
        return seconds;
      };
}
