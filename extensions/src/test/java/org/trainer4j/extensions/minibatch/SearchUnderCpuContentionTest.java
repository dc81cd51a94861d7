package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /** A search from 32 on the bowl under a steady {@code load}, with a fixed 0.5 s budget. */
  private static SearchResult searchWithFixedBudget(double load) {
    return ThroughputMaximize.create()
        .apply(
            new SimulatedTraining(BOWL)
                .loadStep(0, load)
                .loadAsWait()
                .context(32, DATASET)
                .maxBatchSize(2048)
                .plan(PlannedTraining.epochs(5))
                .budget(Budget.fixedSeconds(0.5))
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
  void aTimingIsPricedAtTheLoadsPaceSoNoneRunsPastTheWallClockBudget() {
    for (double load : new double[] {1, 1.25, 1.5, 2, 3, 4, 6}) {
      SearchResult l = searchWithFixedBudget(load);

      // The budget the search ended with (0.5 s and the warm-up it gave back), in wall-clock
      // seconds. Priced from step times alone, a timing looks 1/load of what it costs, and from a
      // load of 3 the search started a timing of 512 it could not afford (0.87-1.57 s spent).
      Matcher reported = Pattern.compile("budget ([0-9.]+) s$").matcher(l.detail());
      assertThat(reported.find()).as("load %s: %s", load, l.detail()).isTrue();
      assertThat(l.stopReason()).isEqualTo(StopReason.BUDGET);
      assertThat(l.probeSeconds())
          .as("load %s: %s", load, l.detail())
          .isLessThanOrEqualTo(Double.parseDouble(reported.group(1)));
    }
  }

  @Test
  void theBudgetNoteQuotesWhatTheMeasurementWouldCostAtTheLoadsPace() {
    Map<Double, Double> stepsQuoted = new TreeMap<>();
    for (double load : new double[] {1, 2, 4}) {
      SearchResult l = searchWithFixedBudget(load);

      // "measuring 512 (~c s) would pass B s (S s spent)", always the cheapest timing of 512, so c
      // in steps of 512 grows with the load: the user compares c with B - S, both wall-clock
      // seconds. Quoted in step time, c was the same few steps under every load.
      Matcher note =
          Pattern.compile(
                  "measuring (\\d+) \\(~([0-9.]+) s\\) would pass ([0-9.]+) s \\(([0-9.]+) s spent\\)")
              .matcher(l.detail());
      assertThat(note.find()).as("load %s: %s", load, l.detail()).isTrue();
      int b = Integer.parseInt(note.group(1));
      double quoted = Double.parseDouble(note.group(2));
      assertThat(quoted + Double.parseDouble(note.group(4)))
          .as("load %s: %s", load, l.detail())
          .isGreaterThan(Double.parseDouble(note.group(3)));
      stepsQuoted.put(load, quoted / (BOWL.applyAsDouble(b) * b));
    }
    assertThat(stepsQuoted.get(4.0) / stepsQuoted.get(1.0))
        .as("%s", stepsQuoted)
        .isBetween(3.0, 5.0);
    assertThat(stepsQuoted.get(2.0) / stepsQuoted.get(1.0))
        .as("%s", stepsQuoted)
        .isBetween(1.5, 2.5);
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
