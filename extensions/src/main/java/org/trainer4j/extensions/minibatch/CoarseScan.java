package org.trainer4j.extensions.minibatch;

/**
 * The coarse phase of {@link ThroughputMaximize}: from the start size, multiply by the growth
 * factor while it helps; a size that does not beat the incumbent by the margin counts against a
 * patience, so one bad point (noise, a bump) does not end the scan. Each size is measured once,
 * with {@link Candidates#SCAN} windows, and compared with the incumbent's pooled windows: re-timing
 * the incumbent after every candidate doubled the scan's cost, so on a small budget the scan never
 * reached the large sizes where the best usually is. A load that comes and goes during the scan is
 * caught by the {@link Contest} that follows, which re-measures the close contenders interleaved.
 * If nothing above the start helps, the same scan goes down.
 */
final class CoarseScan {

  /** The outcome: the best size and whether the scan stopped at the size bounds. */
  record Result(Measurement best, int measured) {}

  private final Candidates candidates;

  CoarseScan(Candidates candidates) {
    this.candidates = candidates;
  }

  Result run(Measurement start) {
    int before = candidates.all().size();
    Measurement best = scan(start, true);
    if (best == start && !candidates.budgetHit()) {
      best = scan(start, false);
    }
    return new Result(best, candidates.all().size() - before);
  }

  private Measurement scan(Measurement best, boolean up) {
    Prober prober = candidates.prober();
    int fails = 0;
    int b = best.batchSize();
    while (fails < candidates.settings().patience()) {
      int next = up ? up(b) : down(b);
      if (next == b) {
        break;
      }
      Measurement m = candidates.measure(next, Candidates.SCAN);
      if (m == null || !m.feasible()) {
        break;
      }
      double ratio = m.perExampleSeconds() / best.perExampleSeconds();
      // Faster by the margin, relative to the candidate's own time: with a wide margin (noisy
      // machine) "1 - margin" would ask for impossible gains.
      if (ratio * (1 + candidates.margin()) < 1) {
        best = m;
        fails = 0;
      } else if (++fails >= candidates.settings().patience() && confirmedGain(m, best)) {
        best = candidates.all().get(next);
        fails = 0;
      }
      b = next;
      if (prober.maxBatchSize() < b) {
        break;
      }
    }
    return best;
  }

  /**
   * Whether {@code candidate}, about to end the scan as its last failure, beats {@code incumbent}
   * after all when both are timed back to back. The failures that end a scan are measured one after
   * another, so a load that switched on after the incumbent was measured can make them all look
   * slow; this one paired comparison keeps such a load from ending the scan early.
   */
  private boolean confirmedGain(Measurement candidate, Measurement incumbent) {
    Measurement again = candidates.remeasure(candidate.batchSize(), "confirm");
    if (again == null || !again.feasible()) {
      return false;
    }
    return candidates.pairedRatio(again, incumbent) * (1 + candidates.margin()) < 1;
  }

  private int up(int b) {
    Prober prober = candidates.prober();
    long next = Math.round(b * candidates.settings().growthFactor());
    int clamped = prober.clamp(next);
    return clamped > b ? clamped : prober.next(b);
  }

  private int down(int b) {
    long next = Math.round(b / candidates.settings().growthFactor());
    int clamped = candidates.prober().clamp(next);
    return Math.min(clamped, b);
  }
}
