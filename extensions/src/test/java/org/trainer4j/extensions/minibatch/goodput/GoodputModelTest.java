package org.trainer4j.extensions.minibatch.goodput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.trainer4j.extensions.minibatch.goodput.GoodputModel.Point;

/**
 * A simulated job with known steps to target {@code S(B) = S_min (1 + B_noise / B)}, B_noise = 500,
 * and step time {@code t(B) = 20 ms + 0.1 ms * B}: the time to target {@code S(B) t(B)} is least
 * near {@code sqrt(0.02 * 500 / 1e-4) = 316}.
 */
class GoodputModelTest {

  private static final double B_NOISE = 500;
  private static final double FIXED = 0.02;
  private static final double PER_EXAMPLE = 1e-4;
  private static final int[] PROBED = {16, 32, 64, 128, 256, 512, 1024};
  private static final FeasibleSizes SIZES = FeasibleSizes.of(8, 4096, 60_000, 8);

  /** |G|^2 = 0.02 and tr(Sigma) = 10, so B_noise = 500. */
  private static final GradientNoise NOISE = new GradientNoise(0.02, 10);

  private static double trueStepSeconds(int b) {
    return FIXED + PER_EXAMPLE * b;
  }

  /** Wall time to the target, up to the constant S_min. */
  private static double trueTimeToTarget(int b) {
    return (1 + B_NOISE / b) * trueStepSeconds(b);
  }

  private static int fastestToTarget() {
    int best = SIZES.min();
    for (int b : SIZES.sizes().toArray()) {
      best = trueTimeToTarget(b) < trueTimeToTarget(best) ? b : best;
    }
    return best;
  }

  private static List<StepTime> measured(double relativeNoise, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<StepTime> points = new ArrayList<>();
    for (int b : PROBED) {
      for (int repeat = 0; repeat < 3; repeat++) {
        double jitter = 1 + relativeNoise * random.nextDouble(-1, 1);
        points.add(new StepTime(b, trueStepSeconds(b) * jitter));
      }
    }
    return points;
  }

  @Test
  void picksTheSizeThatReachesTheTargetSoonestFromExactMeasurements() {
    GoodputModel model = new GoodputModel(NOISE, 32, StepTimeModel.fit(measured(0, 1)));

    assertThat(fastestToTarget()).isIn(312, 320);
    assertThat(model.best(SIZES).batchSize()).isEqualTo(fastestToTarget());
  }

  @Test
  void withACriticalBatchFactorPicksTheFastestSizeOfAJobWhoseCriticalBatchIsThatManyNoiseScales() {
    // The same step times, but the job needs S_min (1 + 2000 / B) steps: its critical batch is
    // four times the simple noise scale (500) its gradients show, as on the project's MLP.
    int fastest = SIZES.min();
    for (int b : SIZES.sizes().toArray()) {
      double t = (1 + 4 * B_NOISE / b) * trueStepSeconds(b);
      fastest = t < (1 + 4 * B_NOISE / fastest) * trueStepSeconds(fastest) ? b : fastest;
    }
    StepTimeModel line = StepTimeModel.fit(measured(0, 1));

    assertThat(fastest).isIn(632, 640);
    assertThat(new GoodputModel(NOISE, 32, line, 4).best(SIZES).batchSize()).isEqualTo(fastest);
    assertThat(new GoodputModel(NOISE, 32, line).best(SIZES).batchSize()).isIn(312, 320);
  }

  @Test
  void picksASizeWithinOnePercentOfTheFastestFromNoisyMeasurements() {
    for (long seed = 1; seed <= 5; seed++) {
      GoodputModel model = new GoodputModel(NOISE, 32, StepTimeModel.fit(measured(0.05, seed)));

      int chosen = model.best(SIZES).batchSize();

      assertThat(trueTimeToTarget(chosen))
          .as("seed %s chose %s", seed, chosen)
          .isLessThanOrEqualTo(1.01 * trueTimeToTarget(fastestToTarget()));
    }
  }

  @Test
  void choosesOnlyAmongReplicaMultiplesAndWithinTheDataset() {
    GoodputModel model = new GoodputModel(NOISE, 32, StepTimeModel.fit(measured(0, 1)));

    // Multiples of 96: 288 reaches the target sooner than 384 (0.1335 s against 0.1344 s x S_min).
    assertThat(trueTimeToTarget(288)).isLessThan(trueTimeToTarget(384));
    assertThat(model.best(FeasibleSizes.of(1, 4096, 60_000, 96)).batchSize()).isEqualTo(288);
    // A dataset of 200 examples caps the size below the unconstrained optimum of 316.
    assertThat(model.best(FeasibleSizes.of(1, 4096, 200, 8)).batchSize()).isEqualTo(200);
  }

  @Test
  void swappingTheTwoGradientTermsPicksAMuchSlowerSize() {
    // The mutation check on the fixture: were sqr and var confused, the choice would change.
    StepTimeModel time = StepTimeModel.fit(measured(0, 1));
    GoodputModel swapped =
        new GoodputModel(new GradientNoise(NOISE.trace(), NOISE.gradientSquared()), 32, time);

    int chosen = swapped.best(SIZES).batchSize();

    assertThat(chosen).isNotEqualTo(fastestToTarget());
    assertThat(trueTimeToTarget(chosen)).isGreaterThan(1.5 * trueTimeToTarget(fastestToTarget()));
  }

  @Test
  void whereGoodputIsFlatTheSmallestSizeIsChosenWhateverTheRounding() {
    // A step proportional to the size and a gradient that is all noise: every size has the same
    // goodput in exact arithmetic, and only rounding tells them apart.
    GoodputModel flat =
        new GoodputModel(new GradientNoise(0, 10), 32, new StepTimeModel(0, 1.7e-4, 0));

    assertThat(flat.best(SIZES).batchSize()).isEqualTo(SIZES.min());
  }

  @Test
  void throughputAloneWouldPickTheLargestSize() {
    GoodputModel model = new GoodputModel(NOISE, 32, StepTimeModel.fit(measured(0, 1)));

    Point largest = model.at(SIZES.max());
    assertThat(largest.throughput()).isGreaterThan(model.best(SIZES).throughput());
    assertThat(largest.goodput()).isLessThan(model.best(SIZES).goodput());
  }

  @Test
  void theChoiceDoesNotDependOnTheInitialSize() {
    StepTimeModel time = StepTimeModel.fit(measured(0, 1));

    assertThat(new GoodputModel(NOISE, 8, time).best(SIZES).batchSize())
        .isEqualTo(new GoodputModel(NOISE, 256, time).best(SIZES).batchSize());
  }

  @Test
  void goodputIsThroughputTimesEfficiencyAndEqualsThroughputAtTheInitialSize() {
    GoodputModel model = new GoodputModel(NOISE, 32, new StepTimeModel(FIXED, PER_EXAMPLE, 0));

    assertThat(model.goodput(32)).isCloseTo(32 / trueStepSeconds(32), within(1e-9));
    assertThat(model.goodput(128))
        .isCloseTo(128 / trueStepSeconds(128) * (B_NOISE + 32) / (B_NOISE + 128), within(1e-9));
  }

  @Test
  void theCurveCoversEveryFeasibleSizeOnce() {
    GoodputModel model = new GoodputModel(NOISE, 32, new StepTimeModel(FIXED, PER_EXAMPLE, 0));

    List<Point> curve = model.curve(FeasibleSizes.of(8, 64, 1000, 8));

    assertThat(curve).extracting(Point::batchSize).containsExactly(8, 16, 24, 32, 40, 48, 56, 64);
  }

  @Test
  void refusesStatisticsWithNeitherSignalNorNoise() {
    assertThatThrownBy(
            () -> new GoodputModel(new GradientNoise(0, -1), 32, new StepTimeModel(1, 0, 0)))
        .hasMessageContaining("neither signal nor noise");
  }
}
