package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ThroughputMaximize with the default budget on the epoch-time curves the tune benchmark measured
 * on this project's machine (quiet run of 2026-11-30, medians of 3 referee rounds per grid size,
 * interpolated in log-size), each with its own dataset size and planned epochs. These are the
 * workloads where the search used to run out of budget before reaching the best size (tiny dataset,
 * loading-bound), so each test states how close the pick must come and how much of the planned
 * training probing may take, over 60 seeds of simulated noise.
 */
class ThroughputMaximizeMeasuredCurvesTest {

  private static final int SEEDS = 60;

  /** Epoch seconds at grid sizes {b0, t0, b1, t1, ...}, for {@code dataset} examples. */
  record Curve(String name, int dataset, double plannedEpochs, int maxBatchSize, double[] grid) {

    IntToDoubleFunction perExampleSeconds() {
      return b -> {
        int i = 0;
        while (i + 4 < grid.length && b > grid[i + 2]) {
          i += 2;
        }
        double t = (Math.log(b) - Math.log(grid[i])) / (Math.log(grid[i + 2]) - Math.log(grid[i]));
        t = Math.max(0, Math.min(1, t));
        return Math.exp(Math.log(grid[i + 1]) * (1 - t) + Math.log(grid[i + 3]) * t) / dataset;
      };
    }

    double bestEpochSeconds() {
      double best = Double.POSITIVE_INFINITY;
      for (int i = 1; i < grid.length; i += 2) {
        best = Math.min(best, grid[i]);
      }
      return best;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Curve> curves() {
    return Stream.of(
        new Curve(
            "mlp-fashion-mnist",
            60_000,
            20,
            2048,
            new double[] {
              8, 31.19, 16, 16.54, 32, 10.89, 64, 7.939, 128, 6.372, 256, 5.550, 512, 5.201, 1024,
              5.648, 2048, 5.733
            }),
        new Curve(
            "cnn-fashion-mnist",
            10_000,
            10,
            512,
            new double[] {
              8, 33.94, 16, 32.18, 32, 30.25, 64, 30.84, 128, 33.19, 256, 32.22, 512, 35.45
            }),
        new Curve(
            "tiny-fashion-1000",
            1_000,
            300,
            512,
            new double[] {
              8, 0.5338, 16, 0.2731, 32, 0.1755, 64, 0.1279, 128, 0.1019, 256, 0.0919, 512, 0.0848
            }),
        new Curve(
            "loading-bound-mlp",
            60_000,
            5,
            2048,
            new double[] {
              8, 37.06, 16, 20.97, 32, 13.28, 64, 9.978, 128, 7.578, 256, 7.112, 512, 6.606, 1024,
              6.980, 2048, 6.957
            }));
  }

  /** Per seed: the pick's true epoch time over the best grid size's, and probing / planned. */
  private record Outcome(double[] ratios, double[] probeShares) {
    double ratioQuantile(double q) {
      return quantile(ratios, q);
    }

    long picksMoreThanFivePercentOff() {
      return Arrays.stream(ratios).filter(r -> r > 1.05).count();
    }

    double shareQuantile(double q) {
      return quantile(probeShares, q);
    }

    private static double quantile(double[] sorted, double q) {
      return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }
  }

  /** The conditions a search starts in. */
  private enum Start {
    WARM_PROCESS,
    FRESH_PROCESS,
    /** A fresh process under a load whose cycle is at a different phase for every seed. */
    FRESH_PROCESS_UNDER_LOAD,
    /** The same with a load that slows every step 4x, as the tune benchmark's did (3.8x). */
    FRESH_PROCESS_UNDER_HEAVY_LOAD,
    /**
     * A fresh process on a machine that runs 25 % slower for stretches of 10-20 steps at a time, as
     * this project's did with nothing else running.
     */
    FRESH_PROCESS_WITH_SLOW_STRETCHES
  }

  private static Outcome search(Curve curve, double noise, Start start) {
    double[] ratios = new double[SEEDS];
    double[] shares = new double[SEEDS];
    double planned = curve.plannedEpochs() * curve.bestEpochSeconds();
    for (int seed = 0; seed < SEEDS; seed++) {
      // The first step at a new size is 3x slower, as DL4J's is while it sizes its workspaces.
      SimulatedTraining sim =
          new SimulatedTraining(curve.perExampleSeconds()).noise(noise, seed).coldFactor(3);
      if (start != Start.WARM_PROCESS) {
        // A fresh JVM's steps: 3x slower at first, at full speed after 0.3 s (the full-data
        // MLP's steps at 32 went from 11 ms to 6.5 ms over its first 40 steps).
        sim.processWarmUp(3, 0.3);
      }
      if (start == Start.FRESH_PROCESS_UNDER_LOAD
          || start == Start.FRESH_PROCESS_UNDER_HEAVY_LOAD) {
        // The tune benchmark's --background-load cycle (1.5 s on, 1.5 s off), entered anywhere.
        double factor = start == Start.FRESH_PROCESS_UNDER_LOAD ? 2.5 : 4;
        sim.onOffLoad(1.5, factor, (seed * 0.618034 % 1.0) * 3);
      }
      if (start == Start.FRESH_PROCESS_WITH_SLOW_STRETCHES) {
        sim.slowStretches(1.25, 10, 20, seed);
      }
      SearchResult r =
          ThroughputMaximize.create()
              .apply(
                  sim.context(32, curve.dataset())
                      .maxBatchSize(curve.maxBatchSize())
                      .plan(PlannedTraining.epochs(curve.plannedEpochs()))
                      .budget(Budget.DEFAULT)
                      .build());
      ratios[seed] =
          sim.epochSeconds(r.chosenBatchSize(), curve.dataset()) / curve.bestEpochSeconds();
      shares[seed] = r.probeSeconds() / planned;
    }
    Arrays.sort(ratios);
    Arrays.sort(shares);
    return new Outcome(ratios, shares);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("curves")
  void onAQuietMachineAtMostTwoPicksIn60AreMoreThanFivePercentOffWithinThreePercentOfTraining(
      Curve curve) {
    Outcome o = search(curve, 0.03, Start.WARM_PROCESS);

    assertThat(o.ratioQuantile(0.5)).isLessThanOrEqualTo(1.01);
    // Measured over 60 seeds on 2026-12-01: 0 picks off by more than 5 % on each of the four
    // curves (0, 0, 0, 1 before the scan could skip a rung; 4 on the MLP when it could skip more
    // than one). Keeping the scan's best when the budget ends (instead of the failure measured
    // faster within the margin) gave 1, 0, 5, 2 on 2026-11-30; re-timing the scan's last failure
    // instead of its fastest gave 7 on the MLP.
    assertThat(o.picksMoreThanFivePercentOff()).isLessThanOrEqualTo(2);
    // 3 % of the planned training, give or take the error of predicting a measurement's cost,
    // plus the warm-up's two chunks that show no gain (0.1 s, 0.4 % of the tiny curve's plan).
    assertThat(o.shareQuantile(0.9)).isLessThanOrEqualTo(0.035);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("curves")
  void aFreshProcessesSlowFirstStepsDoNotMisleadTheSearch(Curve curve) {
    Outcome o = search(curve, 0.03, Start.FRESH_PROCESS);

    // Timed after two warm-up steps, 32 looked up to 3x slower than it is, and 60 of 60 seeds
    // missed on the tiny curve (all 1.084), 57 on the loading-bound one (1.077). Warmed up until
    // its steps stop speeding up, the search missed on 0, 0, 17 and 2 (tiny: the warm-up left its
    // 0.6 s budget just short of timing 512). Skipping 128 where the step-time line through 32
    // and 64 predicts 256 to win leaves the budget that rung: 0, 0, 0 and 0 (over 300 seeds 2, 0,
    // 0, 1 against 1, 0, 85, 3 without the skip).
    assertThat(o.ratioQuantile(0.5)).isLessThanOrEqualTo(1.01);
    assertThat(o.ratioQuantile(0.9)).isLessThanOrEqualTo(1.025); // the CNN: 64 is 1.020
    assertThat(o.picksMoreThanFivePercentOff()).isLessThanOrEqualTo(3);
    // The warm-up (0.3-0.4 s here) counts as probing, though the training would have spent it:
    // measured 2.6-4.3 % of the planned training.
    assertThat(o.shareQuantile(0.9)).isLessThanOrEqualTo(0.045);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("curves")
  void underALoadSwitchingOnAndOffTheMedianPickIsWithinNinePercentAndNoneIsAQuarterOff(
      Curve curve) {
    Outcome o = search(curve, 0.05, Start.FRESH_PROCESS_UNDER_LOAD);

    // Measured over 60 phases with the load slowing the part of each step it overlaps (since
    // 2026-12-04 late; before, it slowed a whole step by the half the step started in): 16, 4, 9
    // and 11 picks more than 5 % off, worst 1.10, 1.10, 1.20 and 1.15, probing 3.9-7.4 % of the
    // plan at the 90th percentile; the same code on the step-start load 17, 8, 9 and 10, worst
    // 1.10, 1.10, 1.20 and 1.08. The figures below are the step-start load's.
    // Measured over 60 phases: 15, 8, 9 and 11 picks more than 5 % off since the scan may time a
    // rung past its budget when predicted to save ten times its cost (14, 8, 16 and 22 before; 19,
    // 12, 25 and 28 before
    // implausibly slow sizes were timed again beside the incumbent; 13, 12, 41 and 43 before the
    // scan could skip a rung: over 300 phases 79, 51, 139 and 144 against 59, 51, 201 and 224, the
    // loaded MLP losing some of what the tiny and loading-bound curves gain). With the incumbent
    // timed after the candidate instead of in alternating windows 19 on the MLP, worst 1.12;
    // without the warm-up 20, 8, 45, 45. The tiny and loading-bound budgets (0.6-0.9 s) are
    // shorter than the load's cycle, so a size timed in a quiet half is often compared with one
    // timed in a loaded half, and the budget cannot pair every comparison. A test whose load always
    // started quiet passed with at most 4 in 60 by the luck of that alignment.
    assertThat(o.ratioQuantile(0.5)).isLessThanOrEqualTo(1.085);
    // The worst pick over 60 phases: 1.10, 1.10, 1.20 and 1.08 (1.09, 1.10, 1.20 and 1.15 without
    // the budget's extension; 1.09, 1.10, 1.51, 1.51 before a size timed 1.5x slower per example
    // than a smaller one was timed again beside the incumbent at once: the next size's timing in
    // the load's busy half, unpaired, ended the scan).
    assertThat(o.ratioQuantile(1.0)).isLessThanOrEqualTo(1.25);
    assertThat(o.picksMoreThanFivePercentOff()).isLessThanOrEqualTo(18);
    // Measurements that the load slows overrun their predicted cost: 4.1-7.3 % of the plan (3.8-7.1
    // % without the budget's extension, which the load's quiet half sometimes earns for nothing).
    assertThat(o.shareQuantile(0.9)).isLessThanOrEqualTo(0.075);

    Outcome heavy = search(curve, 0.05, Start.FRESH_PROCESS_UNDER_HEAVY_LOAD);
    // A 4x load overlapping each step's part (since 2026-12-04 late): 12, 6, 12 and 10 picks more
    // than 5 % off, worst 1.09, 1.10, 1.20 and 1.08, probing 4.5-8.2 %; on the step-start load
    // (the same code) 9, 0, 12 and 12. Earlier, on the step-start load:
    // A 4x load, over 60 phases: worst picks 1.07, 1.02, 1.20 and 1.08; 6, 0, 13 and 14 picks more
    // than 5 % off; probing 5.0-8.4 % of the plan at the 90th percentile. Without the budget's
    // extension for a rung still gaining: 1.07, 1.02, 1.20 and 1.15; 6, 0, 25 and 34; 4.8-8.1 %
    // (1.07, 1.02, 1.51 and 1.51 before implausibly slow sizes were rechecked).
    assertThat(heavy.ratioQuantile(1.0)).isLessThanOrEqualTo(1.25);
    assertThat(heavy.picksMoreThanFivePercentOff()).isLessThanOrEqualTo(18);
    assertThat(heavy.shareQuantile(0.9)).isLessThanOrEqualTo(0.085);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("curves")
  void onAMachineWithSlowStretchesTheMedianPickStaysExactAndNoneIsAQuarterOff(Curve curve) {
    Outcome o = search(curve, 0.03, Start.FRESH_PROCESS_WITH_SLOW_STRETCHES);

    // Measured over 60 seeds on 2026-12-04: medians 1.000, 1.020 (the CNN's 64), 1.000, 1.000;
    // worst 1.10, 1.10, 1.20, 1.15; 16, 14, 8 and 14 picks more than 5 % off (18, 14, 7, 14 with
    // the scan's close call decided by medians instead of fastest windows: in simulation the
    // contest usually has the budget to decide it; on the real machine, where it had none in 12
    // of 12 searches, 3 picks of 256 in 12 became none (12 of 512), see
    // samples/docs/results/tune/ab-fastest-window). A whole short measurement falls in one state,
    // so a 25 % stretch is more than the margin: this is where the search is weakest.
    assertThat(o.ratioQuantile(0.5)).isLessThanOrEqualTo(1.025);
    assertThat(o.ratioQuantile(1.0)).isLessThanOrEqualTo(1.25);
    assertThat(o.picksMoreThanFivePercentOff()).isLessThanOrEqualTo(18);
    // Disturbed timings given back and timed again: 3.3-5.1 % of the plan at the 90th percentile.
    assertThat(o.shareQuantile(0.9)).isLessThanOrEqualTo(0.055);
  }

  @Test
  void onTheLoadedLoadingBoundCurveTheScanReachesPast256() {
    // The tune benchmark's loading-bound MLP under its on/off load (ca1a1bd, 2026-12-02, medians of
    // nine referee rounds), where ThroughputMaximize's budget ended the scan at 256, 1.21x the best
    // (2048): the steps were still gaining, and 512 was predicted to save tens of seconds of the
    // planned 58 s for a measurement of 0.15 s. Over 60 phases of the load the median pick was
    // 256 (1.214) before the scan could time such a rung past its budget, and 512 (1.071) since.
    Curve loaded =
        new Curve(
            "loading-bound-mlp under load",
            60_000,
            5,
            2048,
            new double[] {
              8, 123.1, 16, 67.17, 32, 39.43, 64, 21.66, 128, 16.01, 256, 13.98, 512, 12.34, 1024,
              11.74, 2048, 11.52
            });
    Outcome o = search(loaded, 0.05, Start.FRESH_PROCESS_UNDER_LOAD);

    assertThat(o.ratioQuantile(0.5)).isLessThanOrEqualTo(1.08);
    assertThat(o.shareQuantile(0.9)).isLessThanOrEqualTo(0.075);
  }
}
