package org.trainer4j.samples.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.SyntheticDataset;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.model.Model;
import org.trainer4j.samples.tuning.TimeToAccuracy.Contender;
import org.trainer4j.samples.tuning.TimeToAccuracy.Job;
import org.trainer4j.samples.tuning.TimeToAccuracy.Kind;
import org.trainer4j.samples.tuning.TimeToAccuracy.Outcome;

/** The benchmark's bookkeeping on made-up outcomes: contenders per rule, oracle, best rules. */
class TimeToAccuracyBenchmarkTest {

  static final ArrayDataset DATA =
      ArrayDataset.of(Nd4j.zeros(4, 3), ArrayDataset.oneHot(new int[] {0, 1, 0, 1}, 2));
  static final Job JOB = new Job(null, DATA, DATA, 32, 0.001, 0.85, 2, 0.8, 30, 4, 1, 4);

  static Outcome outcome(String contender, long seed, double seconds) {
    return new Outcome(contender, seed, seconds, 10, 32, 0.85, List.of(0.8), List.of(seconds));
  }

  @Test
  void eachExistingStrategyGetsOneContenderPerFurtherRuleAndTheOthersNone() {
    List<Contender> base =
        TimeToAccuracyBenchmark.contenders(
            32,
            new Kind[] {Kind.THROUGHPUT, Kind.GOODPUT},
            List.of(32, 64),
            new TimeToAccuracyBenchmark.LrRuleChoice(LrRule.SQRT, LrRule.SQRT, LrRule.SQRT));

    List<Contender> all =
        TimeToAccuracyBenchmark.withRules(base, List.of(LrRule.NONE, LrRule.SQRT, LrRule.LINEAR));

    assertThat(all)
        .extracting(Contender::name)
        .containsExactly(
            "fixed-32",
            "throughput",
            "goodput",
            "grid-32",
            "grid-64",
            "throughput-none",
            "throughput-linear");
    assertThat(all.get(5).rule()).isEqualTo(LrRule.NONE);
    assertThat(all.get(6).kind()).isEqualTo(Kind.THROUGHPUT);
  }

  @Test
  void eachGoodputContenderGetsOneContenderPerFurtherRuleAndTheOthersNone() {
    List<Contender> base =
        TimeToAccuracyBenchmark.contenders(
            32,
            new Kind[] {Kind.THROUGHPUT, Kind.GOODPUT_ADAPTIVE},
            List.of(64),
            new TimeToAccuracyBenchmark.LrRuleChoice(LrRule.SQRT, LrRule.SQRT, LrRule.SQRT));

    List<Contender> all =
        TimeToAccuracyBenchmark.withGoodputRules(base, List.of(LrRule.SQRT, LrRule.ADASCALE));

    assertThat(all)
        .extracting(Contender::name)
        .containsExactly(
            "fixed-32", "throughput", "goodput-adaptive", "grid-64", "goodput-adaptive-adascale");
    assertThat(all.get(4).rule()).isEqualTo(LrRule.ADASCALE);
    assertThat(all.get(4).kind()).isEqualTo(Kind.GOODPUT_ADAPTIVE);
  }

  @Test
  void theOracleIsTheBestGridMedianAndEachStrategysBestRuleIsItsFastestContender() {
    List<Contender> contenders =
        List.of(
            new Contender("throughput", Kind.THROUGHPUT, 32, LrRule.SQRT),
            new Contender("throughput-none", Kind.THROUGHPUT, 32, LrRule.NONE),
            new Contender("goodput-adaptive", Kind.GOODPUT_ADAPTIVE, 32, LrRule.SQRT),
            new Contender("goodput-adaptive-adascale", Kind.GOODPUT_ADAPTIVE, 32, LrRule.ADASCALE),
            new Contender("grid-32", Kind.FIXED, 32, LrRule.SQRT),
            new Contender("grid-64", Kind.FIXED, 64, LrRule.SQRT));
    List<Outcome> outcomes =
        List.of(
            outcome("throughput", 1, 12),
            outcome("throughput", 2, 14),
            outcome("throughput-none", 1, 9),
            outcome("throughput-none", 2, 11),
            outcome("goodput-adaptive", 1, 11),
            outcome("goodput-adaptive", 2, 13),
            outcome("goodput-adaptive-adascale", 1, 10),
            outcome("goodput-adaptive-adascale", 2, 11),
            outcome("grid-32", 1, 10),
            outcome("grid-32", 2, 30),
            outcome("grid-64", 1, 15),
            outcome("grid-64", 2, 15));

    ByteArrayOutputStream console = new ByteArrayOutputStream();
    Map<String, Object> summary =
        TimeToAccuracySummary.of(
            "w", JOB, contenders, outcomes, new PrintStream(console, true, StandardCharsets.UTF_8));

    // Medians: grid-32 20, grid-64 15, so the oracle is grid-64 although grid-32 has the best run.
    assertThat(summary.get("best_grid")).isEqualTo("grid-64");
    assertThat((Double) summary.get("goodput_time_to_target_ratio_to_best")).isEqualTo(12.0 / 15.0);
    // The headline stays about goodput-adaptive (its --goodput-lr-rule), whichever rule was best.
    assertThat(summary.get("best_rule_per_strategy"))
        .isEqualTo(Map.of("throughput", "NONE", "goodput-adaptive", "ADASCALE"));
    // Every goodput run (11, 13 s) beat every oracle run (15, 15 s): faster, not a tie.
    assertThat((Double[]) summary.get("goodput_ratio_interval"))
        .containsExactly(11.0 / 15.0, 13.0 / 15.0);
    assertThat(summary.get("goodput_tie_with_best")).isEqualTo(false);
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("goodput-adaptive / best = 0.800 [0.733, 0.867], not a tie");
  }

  @Test
  void aContenderWhoseRunsStraddleTheOraclesIsATieAndSaysSo() {
    List<Outcome> outcomes =
        List.of(
            outcome("goodput-adaptive", 1, 14),
            outcome("goodput-adaptive", 2, 17),
            outcome("grid-32", 1, 13),
            outcome("grid-32", 2, 16),
            outcome("grid-64", 1, 20),
            outcome("grid-64", 2, 22));
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    Map<String, Object> summary =
        TimeToAccuracySummary.of(
            "w", JOB, CONTENDERS, outcomes, new PrintStream(console, true, StandardCharsets.UTF_8));

    // Median 15.5 against 14.5: 1.07x, but its 14 s run beat the oracle's 16 s one.
    assertThat((Double) summary.get("goodput_time_to_target_ratio_to_best")).isEqualTo(15.5 / 14.5);
    assertThat((Double[]) summary.get("goodput_ratio_interval"))
        .containsExactly(14.0 / 16.0, 17.0 / 13.0);
    assertThat(summary.get("goodput_tie_with_best")).isEqualTo(true);
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("goodput-adaptive / best = 1.07 [0.875, 1.31], a tie with it");
  }

  @Test
  void pairedBySeedARunThatIsSlowerOnEverySeedIsNoTieEvenWhereTheUnpairedRangesOverlap() {
    // Seeds differ 3x in how fast anything gets there; goodput takes 1.2x the oracle on each.
    List<Outcome> outcomes = new ArrayList<>();
    double[] seedSpeed = {5, 15, 8, 10, 6, 12, 9, 7};
    for (int s = 0; s < seedSpeed.length; s++) {
      outcomes.add(outcome("goodput-adaptive", s + 1, 1.2 * seedSpeed[s]));
      outcomes.add(outcome("grid-32", s + 1, seedSpeed[s]));
      outcomes.add(outcome("grid-64", s + 1, 2 * seedSpeed[s]));
    }
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    Map<String, Object> summary =
        TimeToAccuracySummary.of(
            "w", JOB, CONTENDERS, outcomes, new PrintStream(console, true, StandardCharsets.UTF_8));

    assertThat(summary.get("goodput_tie_with_best")).as("unpaired").isEqualTo(true);
    assertThat((Double) summary.get("goodput_paired_ratio")).isCloseTo(1.2, within(1e-12));
    assertThat((Double[]) summary.get("goodput_paired_ratio_interval"))
        .satisfiesExactly(
            low -> assertThat(low).isCloseTo(1.2, within(1e-12)),
            high -> assertThat(high).isCloseTo(1.2, within(1e-12)));
    // Eight seeds: the range covers the median with 1 - 2 / 2^8 = 99.2 %.
    assertThat((Double) summary.get("goodput_paired_coverage")).isCloseTo(0.992, within(1e-3));
    assertThat(summary.get("goodput_paired_tie_with_best")).isEqualTo(false);
    assertThat(console.toString(StandardCharsets.UTF_8).lines())
        .contains(
            "best grid size: grid-32; goodput-adaptive / best = 1.20 [0.400, 3.60], a tie with it;"
                + " paired by seed 1.20 [1.20, 1.20] (99 % coverage)");
  }

  @Test
  void pairedBySeedARunThatNeverReachedTheTargetIsInfinitelySlowAndASeedNeitherReachedIsLeftOut() {
    List<Outcome> contender =
        List.of(
            outcome("goodput-adaptive", 1, Double.NaN),
            outcome("goodput-adaptive", 2, 6),
            outcome("goodput-adaptive", 3, Double.NaN),
            outcome("goodput-adaptive", 4, 9));
    List<Outcome> oracle =
        List.of(
            outcome("grid-32", 1, 10),
            outcome("grid-32", 2, Double.NaN),
            outcome("grid-32", 3, Double.NaN),
            outcome("grid-32", 4, 10));

    MedianInterval paired = SeedPairedRatio.of(contender, oracle).orElseThrow();

    // Seed 1: never against 10 s; seed 2: 6 s against never; seed 3: neither; seed 4: 0.9.
    assertThat(paired.low()).isZero();
    assertThat(paired.high()).isInfinite();
    assertThat(paired.median()).isEqualTo(0.9);
    assertThat(SeedPairedRatio.of(contender, List.of(outcome("grid-32", 9, 10)))).isEmpty();
  }

  @Test
  void withNoGridSizeReachingTheTargetThereIsNoOracleAndNoRatio() {
    List<Outcome> outcomes =
        List.of(
            outcome("goodput-adaptive", 1, 14),
            outcome("goodput-adaptive", 2, 17),
            outcome("grid-32", 1, Double.NaN),
            outcome("grid-32", 2, Double.NaN),
            outcome("grid-64", 1, Double.NaN),
            outcome("grid-64", 2, Double.NaN));
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    Map<String, Object> summary =
        TimeToAccuracySummary.of(
            "w", JOB, CONTENDERS, outcomes, new PrintStream(console, true, StandardCharsets.UTF_8));

    // Over an oracle that never got there every ratio read 0.0, a perfect score.
    assertThat(summary.get("oracle_reached_target")).isEqualTo(false);
    assertThat(summary.get("goodput_time_to_target_ratio_to_best")).isNull();
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("best grid size: none reached the target");
  }

  static final List<Contender> CONTENDERS =
      List.of(
          new Contender("goodput-adaptive", Kind.GOODPUT_ADAPTIVE, 32, LrRule.SQRT),
          new Contender("grid-32", Kind.FIXED, 32, LrRule.SQRT),
          new Contender("grid-64", Kind.FIXED, 64, LrRule.SQRT));

  @Test
  void aRunRetargetedAfterwardsReachesTheTargetAtItsFirstEvaluationAtOrAboveIt() {
    Outcome o =
        new Outcome(
            "grid-32",
            1,
            30,
            40,
            32,
            0.9,
            List.of(0.85, 0.89, 0.88, 0.91),
            List.of(10., 20., 30., 40.));

    assertThat(TimeToAccuracyMerge.retargeted(o, 0.89).secondsToTarget()).isEqualTo(20.0);
    assertThat(TimeToAccuracyMerge.retargeted(o, 0.95).secondsToTarget()).isNaN();
  }

  @Test
  void theWarmUpTrainsAThrowawayModelAtTheSmallestAndTheLargestContenderSize() {
    ArrayDataset data = SyntheticDataset.classification(600, new long[] {8}, 3, 1.0, 1);
    List<Model> made = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    Job job =
        new Job(
            seed -> {
              Model m = TuneModels.mlp(8, 3, 0.02, seed);
              m.addGradientListener((model, batchSize) -> sizes.add(batchSize));
              made.add(m);
              return m;
            },
            data,
            data,
            32,
            0.001,
            0.85,
            2,
            0.8,
            30,
            4,
            1,
            4);
    List<Contender> contenders =
        List.of(
            new Contender("fixed-32", Kind.FIXED, 32, LrRule.NONE),
            new Contender("grid-16", Kind.FIXED, 16, LrRule.SQRT),
            new Contender("grid-256", Kind.FIXED, 256, LrRule.SQRT));

    double seconds = TimeToAccuracyBenchmark.warmUp(job, contenders, 1);

    assertThat(seconds).isPositive();
    assertThat(made).hasSize(1);
    int steps = TimeToAccuracyBenchmark.WARM_UP_STEPS;
    assertThat(sizes).hasSize(2 * steps);
    assertThat(sizes.subList(0, steps)).containsOnly(16);
    assertThat(sizes.subList(steps, 2 * steps)).containsOnly(256);
  }

  @Test
  void aRunThatNeverReachedTheTargetIsPrintedAsNeverNotNaN() {
    assertThat(TimeToAccuracyBenchmark.secondsToTarget(Double.NaN)).isEqualTo("never");
    assertThat(TimeToAccuracyBenchmark.secondsToTarget(12.345)).isEqualTo("12.3");
  }
}
