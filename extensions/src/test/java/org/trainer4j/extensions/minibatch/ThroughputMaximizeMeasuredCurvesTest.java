package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;
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

  private static Outcome search(Curve curve, double noise, double loadFactor) {
    double[] ratios = new double[SEEDS];
    double[] shares = new double[SEEDS];
    double planned = curve.plannedEpochs() * curve.bestEpochSeconds();
    for (int seed = 0; seed < SEEDS; seed++) {
      // The first step at a new size is 3x slower, as DL4J's is while it sizes its workspaces.
      SimulatedTraining sim =
          new SimulatedTraining(curve.perExampleSeconds()).noise(noise, seed).coldFactor(3);
      if (loadFactor > 1) {
        sim.onOffLoad(1.5, loadFactor); // the tune benchmark's --background-load period
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
    Outcome o = search(curve, 0.03, 1.0);

    assertThat(o.ratioQuantile(0.5)).isLessThanOrEqualTo(1.01);
    // Measured over 60 seeds on 2026-11-30: 0, 0, 1, 0 picks off by more than 5 % on the four
    // curves. Keeping the scan's best when the budget ends (instead of the failure measured
    // faster within the margin) gave 1, 0, 5, 2; re-timing the scan's last failure instead of
    // its fastest gave 7 on the MLP.
    assertThat(o.picksMoreThanFivePercentOff()).isLessThanOrEqualTo(2);
    // 3 % of the planned training, give or take the error of predicting a measurement's cost.
    assertThat(o.shareQuantile(0.9)).isLessThanOrEqualTo(0.032);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("curves")
  void underALoadSwitchingOnAndOffAtMostFourPicksIn60AreMoreThanFivePercentOff(Curve curve) {
    Outcome o = search(curve, 0.05, 2.5);

    assertThat(o.ratioQuantile(0.5)).isLessThanOrEqualTo(1.01);
    // Measured: 1, 0, 3, 1. Keeping the scan's best when the budget ends: 9, 0, 19, 14;
    // re-timing the last failure: 16 on the MLP.
    assertThat(o.picksMoreThanFivePercentOff()).isLessThanOrEqualTo(4);
    // A load that switches on after a size was measured makes the next measurement overrun its
    // prediction, by a fraction of the budget at most.
    assertThat(o.shareQuantile(0.9)).isLessThanOrEqualTo(0.037);
  }
}
