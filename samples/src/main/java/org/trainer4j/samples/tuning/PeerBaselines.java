package org.trainer4j.samples.tuning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.trainer4j.extensions.minibatch.MinibatchSizeStrategy;
import org.trainer4j.extensions.minibatch.SearchContext;
import org.trainer4j.extensions.minibatch.SearchResult;
import org.trainer4j.extensions.minibatch.SearchStep;
import org.trainer4j.extensions.minibatch.StopReason;

/**
 * Peers' published batch-size rules (see the project's ANCHORS notes), run through the same probe
 * runner as our strategies so that they are timed the same way: staying at the initial size,
 * Lightning's {@code BatchSizeFinder} in power mode, Ludwig's batch-size evaluator and DeepSpeed's
 * autotuner. On a CPU nothing runs out of memory, so "largest that fits" means the upper bound.
 */
final class PeerBaselines {

  private PeerBaselines() {}

  static List<MinibatchSizeStrategy> all() {
    return List.of(
        new Rule("StayAtInitial", PeerBaselines::stay),
        new Rule("LightningPower", PeerBaselines::lightning),
        new Rule("Ludwig", PeerBaselines::ludwig),
        new Rule("DeepSpeedAutotune", PeerBaselines::deepSpeed));
  }

  /** A baseline: a name and a search over a trace. */
  private record Rule(String name, java.util.function.Function<Trace, Integer> rule)
      implements MinibatchSizeStrategy {
    @Override
    public SearchResult apply(SearchContext context) {
      Trace t = new Trace(context);
      int chosen = rule.apply(t);
      return new SearchResult(
          name,
          context.initialBatchSize(),
          chosen,
          t.steps,
          StopReason.CONVERGED,
          "peer rule",
          t.seconds,
          context.datasetSize());
    }
  }

  /** Runs steps through the context's runner and records them. */
  private static final class Trace {
    final SearchContext context;
    final List<SearchStep> steps = new ArrayList<>();
    double seconds;

    Trace(SearchContext context) {
      this.context = context;
    }

    int max() {
      return context.maxBatchSize();
    }

    /**
     * Seconds per example of the median of {@code n} steps after skipping {@code skip}; +inf on
     * failure.
     */
    double time(int b, int skip, int n) {
      try {
        double[] s = context.runner().run(b, skip + n);
        double total = Arrays.stream(s).sum();
        seconds += total;
        double[] timed = Arrays.copyOfRange(s, skip, skip + n);
        Arrays.sort(timed);
        double perExample = timed[n / 2] / b;
        steps.add(
            new SearchStep(
                steps.size() + 1,
                "peer",
                b,
                skip + n,
                skip,
                total,
                perExample,
                perExample * context.datasetSize(),
                Double.NaN,
                Double.NaN,
                null,
                false,
                ""));
        return perExample;
      } catch (RuntimeException | OutOfMemoryError e) {
        steps.add(
            new SearchStep(
                steps.size() + 1,
                "peer",
                b,
                0,
                0,
                0,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                null,
                true,
                e.toString()));
        return Double.POSITIVE_INFINITY;
      }
    }
  }

  private static int stay(Trace t) {
    t.time(t.context.initialBatchSize(), 1, 3);
    return t.context.initialBatchSize();
  }

  /** Lightning power mode: from 2, double while 3 steps succeed, up to 25 trials or the bound. */
  private static int lightning(Trace t) {
    int b = 2;
    int last = 2;
    for (int trial = 0; trial < 25 && b <= t.max(); trial++) {
      if (Double.isInfinite(t.time(b, 0, 3))) {
        break;
      }
      last = b;
      b *= 2;
    }
    return last;
  }

  /** Ludwig: from 2, double; median of 5 steps; stop at the first drop in throughput; cap 20 %. */
  private static int ludwig(Trace t) {
    int cap = Math.max(2, Math.min(t.max(), t.context.datasetSize() / 5));
    int best = 2;
    double bestTime = t.time(2, 1, 5);
    for (int b = 4; b <= cap; b *= 2) {
      double s = t.time(b, 1, 5);
      if (!(s < bestTime)) {
        break;
      }
      best = b;
      bestTime = s;
    }
    return best;
  }

  /**
   * DeepSpeed's autotuner: the largest feasible micro-batch by doubling and binary search, then
   * sizes in [max/2, max] in increasing order, steps 3-5 timed, stopping when the gain is < 5 %.
   */
  private static int deepSpeed(Trace t) {
    int lo = 1;
    int hi = 1;
    while (hi * 2 <= t.max() && Double.isFinite(t.time(hi * 2, 2, 3))) {
      hi *= 2;
    }
    lo = hi;
    int top = Math.min(t.max(), hi * 2 - 1);
    while (lo < top) {
      int mid = (lo + top + 1) / 2;
      if (Double.isFinite(t.time(mid, 2, 3))) {
        lo = mid;
      } else {
        top = mid - 1;
      }
    }
    int max = lo;
    int best = Math.max(1, max / 2);
    double bestTime = t.time(best, 2, 3);
    for (int k = 5; k <= 8; k++) {
      int b = Math.max(1, max * k / 8);
      double s = t.time(b, 2, 3);
      double gain = 1 - s / bestTime;
      if (s < bestTime) {
        best = b;
        bestTime = s;
      }
      if (gain < 0.05) {
        break;
      }
    }
    return best;
  }
}
