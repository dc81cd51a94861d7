package org.trainer4j.extensions.minibatch;

import java.util.List;
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
 * refused: the limit is near.
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
    SearchResult r = search.result();
    List<StepTime> timed = search.stepTimes();
    if (r.stopReason() != StopReason.BUDGET
        || search.model().isEmpty()
        || search.sizes() == null
        || timed.size() < 2
        || r.steps().stream().anyMatch(SearchStep::infeasible)) {
      return search;
    }
    StepTimeModel line = search.stepTime();
    int chosen = r.chosenBatchSize();
    int lo = timed.get(0).batchSize();
    int hi = timed.get(timed.size() - 1).batchSize();
    if (GoodputChoice.undecided(timed, line) && chosen == lo && !timed.get(1).fromTraining()) {
      return trying(search, hi, String.format("undecided between %d and %d", lo, hi));
    }
    FeasibleSizes sizes = search.sizes();
    int argmax = search.model().orElseThrow().best(sizes).batchSize();
    if (chosen != hi || argmax <= hi || line.maxRelativeResidual() <= GoodputChoice.MAX_RESIDUAL) {
      return search;
    }
    long reach = (long) Math.floor(hi * growth) / sizes.multiple() * sizes.multiple();
    int next = (int) Math.min(Math.min(argmax, reach), sizes.max());
    if (next <= hi) {
      return search;
    }
    return trying(
        search,
        next,
        String.format("the step-time line misses a timed step below the argmax %d", argmax));
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
    return new GoodputSearch(
        tried,
        search.noise(),
        search.stepTime(),
        search.referenceSize(),
        search.sizes(),
        search.stepTimes());
  }
}
