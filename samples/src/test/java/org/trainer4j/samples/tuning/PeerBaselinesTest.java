package org.trainer4j.samples.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.trainer4j.extensions.minibatch.MinibatchSizeStrategy;
import org.trainer4j.extensions.minibatch.PlannedTraining;
import org.trainer4j.extensions.minibatch.ProbeRunner;
import org.trainer4j.extensions.minibatch.SearchContext;
import org.trainer4j.extensions.minibatch.SearchResult;
import org.trainer4j.extensions.minibatch.SearchSettings;
import org.trainer4j.extensions.minibatch.SearchStep;

/**
 * The peers' rules in the tune benchmark do what their projects publish (ANCHORS.md): each is run
 * on a cost curve whose answer under that rule differs from the answer under a plausible slip (no
 * stop at the first drop, a mean for the median, warm-up steps timed, no binary search).
 */
class PeerBaselinesTest {

  /** Steps of a simulated model: a per-example cost curve, sizes above a limit fail. */
  private static final class Curve implements ProbeRunner {
    final IntToDoubleFunction perExample;
    final int failAbove;
    final List<int[]> calls = new ArrayList<>();
    double warmUpSeconds = 0;
    int outlierSize = -1;

    Curve(IntToDoubleFunction perExample, int failAbove) {
      this.perExample = perExample;
      this.failAbove = failAbove;
    }

    @Override
    public double[] run(int batchSize, int steps) {
      calls.add(new int[] {batchSize, steps});
      if (batchSize > failAbove) {
        throw new OutOfMemoryError("simulated: " + batchSize + " > " + failAbove);
      }
      double[] s = new double[steps];
      for (int i = 0; i < steps; i++) {
        s[i] = perExample.applyAsDouble(batchSize) * batchSize;
        if (i < 2) {
          s[i] += warmUpSeconds;
        }
        if (batchSize == outlierSize && i == 3) {
          s[i] *= 50;
        }
      }
      return s;
    }
  }

  private static SearchResult search(String rule, Curve curve, int datasetSize, int max) {
    MinibatchSizeStrategy strategy =
        PeerBaselines.all().stream().filter(s -> s.name().equals(rule)).findFirst().orElseThrow();
    SearchContext context =
        new SearchContext(
            curve,
            SearchSettings.defaults().withMaxBatchSize(max),
            32,
            datasetSize,
            PlannedTraining.epochs(1),
            1);
    return strategy.apply(context);
  }

  private static List<Integer> timedSizes(SearchResult r) {
    return r.steps().stream().filter(s -> !s.infeasible()).map(SearchStep::batchSize).toList();
  }

  @Test
  void stayingAtTheInitialSizeTimesItAndKeepsIt() {
    Curve curve = new Curve(b -> 1.0 / b, Integer.MAX_VALUE);

    SearchResult r = search("StayAtInitial", curve, 60_000, 4096);

    assertThat(r.chosenBatchSize()).isEqualTo(32);
    assertThat(timedSizes(r)).containsExactly(32);
  }

  @Test
  void lightningDoublesFromTwoWithThreeStepsATrialUntilASizeFailsAndKeepsTheLastThatRan() {
    Curve curve = new Curve(b -> 1.0, 100); // throughput flat: Lightning looks only at memory

    SearchResult r = search("LightningPower", curve, 60_000, 4096);

    assertThat(r.chosenBatchSize()).isEqualTo(64);
    assertThat(curve.calls).extracting(c -> c[0]).containsExactly(2, 4, 8, 16, 32, 64, 128);
    assertThat(curve.calls).allSatisfy(c -> assertThat(c[1]).isEqualTo(3));
  }

  @Test
  void lightningWithNothingFailingStopsAtTheUpperBound() {
    Curve curve = new Curve(b -> 1.0, Integer.MAX_VALUE);

    assertThat(search("LightningPower", curve, 60_000, 1000).chosenBatchSize()).isEqualTo(512);
  }

  /** 16 is faster than 8, 32 slower than 16, and 64 the fastest of all: Ludwig never sees 64. */
  @Test
  void ludwigStopsAtTheFirstDropInThroughputEvenWhereALargerSizeWouldBeFaster() {
    Curve curve =
        new Curve(b -> b == 32 ? 0.9 : b == 64 ? 0.1 : b > 64 ? 0.2 : 1.0 / Math.log(b), 4096);

    SearchResult r = search("Ludwig", curve, 60_000, 4096);

    assertThat(r.chosenBatchSize()).isEqualTo(16);
    assertThat(timedSizes(r)).containsExactly(2, 4, 8, 16, 32);
  }

  @Test
  void ludwigTakesTheMedianOfFiveStepsAfterOneSoARareSlowStepMovesNothing() {
    Curve curve = new Curve(b -> 1.0 / b, Integer.MAX_VALUE);
    curve.outlierSize = 64; // by the mean of its steps 64 would be slower than 32

    SearchResult r = search("Ludwig", curve, 60_000, 256);

    assertThat(r.chosenBatchSize()).isEqualTo(256);
    assertThat(curve.calls).allSatisfy(c -> assertThat(c[1]).isEqualTo(6));
  }

  @Test
  void ludwigNeverTriesMoreThanAFifthOfTheDataset() {
    Curve curve = new Curve(b -> 1.0 / b, Integer.MAX_VALUE);

    SearchResult r = search("Ludwig", curve, 500, 4096);

    assertThat(r.chosenBatchSize()).isEqualTo(64);
    assertThat(timedSizes(r)).allSatisfy(b -> assertThat(b).isLessThanOrEqualTo(100));
  }

  /**
   * Feasible up to 300: doubling finds 256, binary search 300; then 150, 187, 225, 262 in turn,
   * each timed on steps 3-5, the last gaining under 5 % over 225, so the search stops there with
   * 262 and never times 300.
   */
  @Test
  void deepSpeedFindsTheLargestFeasibleSizeThenClimbsFromHalfOfItUntilTheGainIsUnderFivePercent() {
    Curve curve = new Curve(b -> 1 + 100.0 / b, 300);
    curve.warmUpSeconds = 1000; // steps 1-2 timed, every size would gain and 300 win

    SearchResult r = search("DeepSpeedAutotune", curve, 60_000, 1024);

    assertThat(r.chosenBatchSize()).isEqualTo(262);
    List<Integer> sizes = timedSizes(r);
    int climb = sizes.lastIndexOf(150);
    assertThat(sizes.subList(climb, sizes.size())).containsExactly(150, 187, 225, 262);
    assertThat(sizes.subList(0, climb)).contains(256, 300).doesNotContain(301);
    assertThat(curve.calls).allSatisfy(c -> assertThat(c[1]).isEqualTo(5));
  }

  @Test
  void deepSpeedKeepsTheFasterOfTheTwoWhereALargerSizeIsSlower() {
    Curve curve = new Curve(b -> b > 160 ? 2.0 : 1.0, 300);

    assertThat(search("DeepSpeedAutotune", curve, 60_000, 1024).chosenBatchSize()).isEqualTo(150);
  }

  @Test
  void everyRuleNamesItselfAndCountsTheSecondsItsStepsTook() {
    for (MinibatchSizeStrategy s : PeerBaselines.all()) {
      Curve curve = new Curve(b -> 0.001, Integer.MAX_VALUE);
      SearchResult r = search(s.name(), curve, 1000, 64);
      double stepped = curve.calls.stream().mapToDouble(c -> c[1] * c[0] * 0.001).sum();
      assertThat(r.probeSeconds()).as(r.strategy()).isCloseTo(stepped, within(1e-9));
      assertThat(r.strategy()).isNotBlank();
      assertThat(Arrays.asList("StayAtInitial", "LightningPower", "Ludwig", "DeepSpeedAutotune"))
          .contains(r.strategy());
    }
  }
}
