package org.trainer4j.extensions.minibatch;

import java.util.List;
import java.util.function.IntPredicate;
import org.trainer4j.extensions.minibatch.goodput.FeasibleSizes;
import org.trainer4j.extensions.minibatch.goodput.StepTime;
import org.trainer4j.extensions.minibatch.goodput.StepTimeModel;

/**
 * What an adaptive run trains at when its search ran out of budget undecided, on step times it
 * cannot trust: two sizes on a line with no fixed cost, which calls the smaller best ({@link
 * GoodputChoice#undecided}), or a line that misses a timed step by more than {@link
 * GoodputChoice#MAX_RESIDUAL} below an argmax above the sizes timed. Both are what one slow timing
 * shows, and the first search's timings are the slowest of a run (right after the JVM started,
 * often beside other work): on the full-data MLP such searches timed 64 at 1.8x its true step and
 * kept 32, or kept 64 below an argmax far above it, and trained a whole epoch there (18-30 s, where
 * the best sizes reach the target in about 5 s). Training times a size for nothing, so the run
 * tries the next size (the larger of the two, or one growth step past the largest timed, towards
 * the argmax) and {@link ReestimateSchedule} checks it after {@link ReestimateSchedule#TRIAL_STEPS}
 * steps from training's own step time: a true flat line sends it back, having cost a hundred steps
 * at the larger size; a slow timing lets it step on. Not after a size failed in memory or was
 * refused: the limit is near. Nor towards an argmax less than the square root of a growth step past
 * the largest timed size: two sizes that close (256 and 259) are too close for training's line to
 * tell their step times apart, and the goodput curve is flat that near its top. On the full-data
 * MLP such trials crawled 555 -> 564 -> 570 -> 575 -> 579 -> 585, each for {@link
 * ReestimateSchedule#TRIAL_STEPS} steps (about an epoch each at that size), and 256 -> 259 cost a
 * hundred steps and left a line with no slope.
 *
 * <p>A search whose budget ran out after timing one size alone is undecided too: one size fits no
 * line, its argmax leans to the smallest, and it kept the start; on the bundled-subset MLP a first
 * search whose warm-up and timing of 32 spent its budget kept 32 for all four epochs, its
 * re-estimates having nothing left to time 64. Training tries one growth step larger.
 *
 * <p>The same holds for any search, its budget spent or not, that keeps the one size training has
 * timed while training's step there lies more than {@link GoodputChoice#MAX_RESIDUAL} off the line
 * through the probes' step times ({@link #trainingOffTheProbes}): the probes ran in other
 * conditions, and the line keeps their shape, scaled to training's one point. Training then tries
 * one growth step larger, and its own two sizes decide ({@link
 * GoodputPoints#contradictedByTraining} drops the probes they contradict).
 *
 * <p>Training's own step time at a larger size goes stale too ({@link #slowerPerExample}): timed in
 * a trial in the JVM's first seconds, it sent a full-data MLP run back to 32, and 32's own step
 * then fell 45 % as the JVM warmed while 64 kept its old time, which the line through both then
 * missed by 32-55 %; the run trained at 32 for three epochs (36.1 s to the target, the best sizes
 * about 5 s). Training tries that size again, once per size in a run: a size truly that much slower
 * per example (a memory cliff) costs one more trial, not one every re-estimate.
 */
final class UndecidedTrial {

  private UndecidedTrial() {}

  /**
   * {@code search} itself, or, when it ended undecided as above, the same search choosing the size
   * to try.
   *
   * @param growth the factor between timed sizes, the farthest a trial goes past the largest
   */
  static GoodputSearch of(GoodputSearch search, double growth) {
    return of(search, growth, size -> false);
  }

  /**
   * {@link #of(GoodputSearch, double)}, where {@code retimedBefore} tells the sizes a run already
   * tried again because training's time there looked stale: not again.
   */
  static GoodputSearch of(GoodputSearch search, double growth, IntPredicate retimedBefore) {
    SearchResult r = search.result();
    List<StepTime> timed = search.stepTimes();
    if (search.model().isEmpty()
        || search.sizes() == null
        || timed.isEmpty()
        || r.steps().stream().anyMatch(SearchStep::infeasible)) {
      return search;
    }
    int chosen = r.chosenBatchSize();
    int lo = timed.get(0).batchSize();
    FeasibleSizes sizes = search.sizes();
    if (timed.size() == 1) {
      int next = growthStep(lo, growth, sizes);
      // Not when the search spent nothing: with no budget at all it has only training's time.
      return r.stopReason() == StopReason.BUDGET
              && chosen == lo
              && next > lo
              && r.probeSeconds() > 0
          ? trying(search, next, String.format("only %d timed", lo))
          : search;
    }
    StepTimeModel line = search.stepTime();
    int hi = timed.get(timed.size() - 1).batchSize();
    if (r.stopReason() == StopReason.BUDGET) {
      if (GoodputChoice.undecided(timed, line) && chosen == lo && !timed.get(1).fromTraining()) {
        return trying(search, hi, String.format("undecided between %d and %d", lo, hi));
      }
      int argmax = search.model().orElseThrow().best(sizes).batchSize();
      if (chosen == hi && argmax > hi && line.maxRelativeResidual() > GoodputChoice.MAX_RESIDUAL) {
        int next = Math.min(argmax, growthStep(hi, growth, sizes));
        if (next >= hi * Math.sqrt(growth)) {
          return trying(
              search,
              next,
              String.format("the step-time line misses a timed step below the argmax %d", argmax));
        }
      }
    }
    StepTime stale = slowerPerExample(timed, chosen);
    if (stale != null && !retimedBefore.test(stale.batchSize())) {
      double ratio =
          stale.seconds()
              / stale.batchSize()
              / (GoodputPoints.trainedAt(timed, chosen).seconds() / chosen);
      return trying(
          search,
          stale.batchSize(),
          String.format(
              "training's step at %d, timed earlier, is %.2fx its step at %d per example, more than"
                  + " a step grows",
              stale.batchSize(), ratio, chosen));
    }
    double off = trainingOffTheProbes(timed, chosen);
    int next = growthStep(chosen, growth, sizes);
    if (off > GoodputChoice.MAX_RESIDUAL && next > chosen) {
      return trying(
          search,
          next,
          String.format(
              "training's step at %d is %.0f %% off the line through the probes, which alone shape"
                  + " the fit",
              chosen, 100 * off));
    }
    return search;
  }

  /**
   * How far training's step time at {@code chosen} lies from the line through the probes' step
   * times, relative to the line, when training has timed that size only and the probes at least two
   * others; 0 otherwise. Off by more than {@link GoodputChoice#MAX_RESIDUAL}, the probes were timed
   * in other conditions, and {@link StepTimeModel#fitAcrossConditions} keeps their shape, scaled to
   * the one point: a shape a slow first search gave (on the full-data MLP its times grew in
   * proportion to the size, 3x training's later slope) held a run at 131 for three epochs, 17.7 s
   * to the target against about 5 s at the best sizes.
   */
  static double trainingOffTheProbes(List<StepTime> timed, int chosen) {
    List<StepTime> trained = timed.stream().filter(StepTime::fromTraining).toList();
    List<StepTime> probes = timed.stream().filter(p -> !p.fromTraining()).toList();
    if (trained.size() != 1
        || trained.get(0).batchSize() != chosen
        || probes.stream().mapToInt(StepTime::batchSize).distinct().count() < 2) {
      return 0;
    }
    double expected = StepTimeModel.fit(probes).seconds(chosen);
    return expected > 0 ? Math.abs(trained.get(0).seconds() / expected - 1) : 0;
  }

  /**
   * The smallest size above {@code chosen} that training timed earlier at more than 1 + {@link
   * GoodputChoice#MAX_RESIDUAL} times its time per example at {@code chosen} now; null when there
   * is none or training has not timed {@code chosen}. A step is a fixed cost plus a cost per
   * example, so a larger batch costs no more per example (the steepest rise the tune benchmark
   * measured is 1.10x, 2048 over 512 on the MLP): a larger size that far behind was timed in other
   * conditions.
   */
  static StepTime slowerPerExample(List<StepTime> timed, int chosen) {
    StepTime at = GoodputPoints.trainedAt(timed, chosen);
    if (at == null) {
      return null;
    }
    double limit = (1 + GoodputChoice.MAX_RESIDUAL) * at.seconds() / chosen;
    return timed.stream()
        .filter(StepTime::fromTraining)
        .filter(p -> p.batchSize() > chosen && p.seconds() / p.batchSize() > limit)
        .findFirst()
        .orElse(null);
  }

  /** One growth step past {@code size}, a multiple of the sizes' multiple, within their bound. */
  private static int growthStep(int size, double growth, FeasibleSizes sizes) {
    long reach = (long) Math.floor(size * growth) / sizes.multiple() * sizes.multiple();
    return (int) Math.min(reach, sizes.max());
  }

  private static GoodputSearch trying(GoodputSearch search, int size, String why) {
    SearchResult r = search.result();
    SearchResult tried =
        r.choosing(
            size,
            r.stopReason(),
            String.format(
                "%s: training tries %d instead of %d and checks it; %s",
                why, size, r.chosenBatchSize(), r.detail()));
    return search.withResult(tried);
  }
}
