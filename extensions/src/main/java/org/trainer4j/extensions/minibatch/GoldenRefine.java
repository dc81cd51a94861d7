package org.trainer4j.extensions.minibatch;

/**
 * The refinement phase of {@link ThroughputMaximize}: golden-section search, in log-size, inside
 * the bracket formed by the best coarse size's measured neighbours, always keeping the best size
 * seen (no unimodality assumed). Stops when the bracket is narrower than the resolution, at integer
 * (multiple) resolution, or when two successive points differ from the best by less than the
 * margin.
 */
final class GoldenRefine {

  private static final double GOLDEN_SECTION = 0.381966;

  /**
   * The outcome: the best size, why refinement stopped, whether it was for lack of gain, and the
   * last size adopted by more than the margin (the size refinement started from if none was): a
   * point that beat the best by less than the margin won on one pairing's noise as likely as on its
   * speed.
   */
  record Result(Measurement best, String why, boolean flat, Measurement decisive) {}

  private final Candidates candidates;

  GoldenRefine(Candidates candidates) {
    this.candidates = candidates;
  }

  Result run(Measurement best) {
    var all = candidates.all();
    var below = candidates.feasible(all.lowerEntry(best.batchSize()), false);
    var above = candidates.feasible(all.higherEntry(best.batchSize()), true);
    int a = below != null ? below.getKey() : best.batchSize();
    int c = above != null ? above.getKey() : best.batchSize();
    int flat = 0;
    Measurement decisive = best;
    double resolution = candidates.settings().resolution();
    while (true) {
      if (c <= a * (1 + resolution)) {
        return new Result(
            best,
            String.format("bracket [%d, %d] within %.0f %%", a, c, resolution * 100),
            false,
            decisive);
      }
      double la = Math.log(a);
      double lb = Math.log(best.batchSize());
      double lc = Math.log(c);
      boolean right = lc - lb >= lb - la;
      double target =
          Math.exp(right ? lb + GOLDEN_SECTION * (lc - lb) : lb - GOLDEN_SECTION * (lb - la));
      int x = candidates.prober().clamp(Math.round(target));
      if (x <= a || x >= c || x == best.batchSize() || all.containsKey(x)) {
        return new Result(
            best, String.format("bracket [%d, %d] at size resolution", a, c), false, decisive);
      }
      PairedTiming.Result paired = candidates.pair(x, best, "refine");
      if (paired == null) {
        return new Result(best, "budget", false, decisive);
      }
      if (paired.candidate() != null && !paired.candidate().feasible()) {
        c = Math.min(c, x - 1);
        continue;
      }
      double ratio = paired.ratio();
      if (Double.isNaN(ratio)) {
        return new Result(best, "budget", false, decisive);
      }
      boolean flatNow = Math.abs(ratio - 1) <= candidates.margin();
      if (ratio < 1) {
        if (x > best.batchSize()) {
          a = best.batchSize();
        } else {
          c = best.batchSize();
        }
        best = all.get(x);
        if (!flatNow) {
          decisive = best;
        }
      } else if (x > best.batchSize()) {
        c = x;
      } else {
        a = x;
      }
      flat = flatNow ? flat + 1 : 0;
      if (flat >= 2) {
        return new Result(
            best,
            String.format(
                "flat: two refinements within the margin of the best, bracket [%d, %d]", a, c),
            true,
            decisive);
      }
    }
  }
}
