package org.trainer4j.extensions.minibatch;

/**
 * The coarse phase of {@link ThroughputMaximize}: from the start size, multiply by the growth
 * factor while it helps; a size that does not beat the incumbent by the margin counts against a
 * patience, so one bad point (noise, a bump) does not end the scan. Each size is measured once,
 * with {@link Candidates#SCAN} windows, and compared with the incumbent's pooled windows: re-timing
 * the incumbent after every candidate doubled the scan's cost, so on a small budget the scan never
 * reached the large sizes where the best usually is. A load that comes and goes during the scan is
 * caught by the {@link Contest} that follows, which re-measures the close contenders interleaved.
 * If nothing above the start helps, the same scan goes down. Once per scan, on the way up, it skips
 * a rung the step-time line through its last two gains predicts to lose by two margins to the rung
 * above ({@link #lineSkips}): on a tiny dataset in a fresh process that rung was what the budget
 * lacked to reach the best size. A size timed more than 1.5x slower per example than a smaller one
 * on the way up is timed again at once beside the best, and the scan decides on that paired ratio
 * ({@link DisturbedTimings#recheckIfImplausiblySlow}): a load that switched on between the two
 * timings otherwise ended the scan there. When the budget cannot afford the rung above a best that
 * just won, the rung may still be timed past it if predicted to save ten times its cost ({@link
 * BudgetExtension#forScan}).
 */
final class CoarseScan {

  /**
   * The outcome: the best size, how many sizes the scan measured, and the fastest size that failed
   * to beat the best by the margin since it became best ({@code closest}, null if none), with its
   * time relative to the best when the two were timed back to back ({@code pairedRatio}, NaN if
   * they never were).
   */
  record Result(Measurement best, int measured, Measurement closest, double pairedRatio) {

    /**
     * The size to keep when nothing more can be measured (the budget ended before the contest): a
     * failure within the margin whose fastest window beat the best's is the better bet, since the
     * best's lead is no better established. The fastest windows, not the medians, are compared: the
     * two sizes were timed one after the other, a few short windows each, and this machine runs the
     * same steps 25 % slower for stretches of 10-20 steps, so each median was the time of whichever
     * state its windows fell in (a 1,000-example dataset kept 256, 1.46x the best grid size by that
     * run's referee, over 512, two of whose three windows fell in such a stretch and whose fastest
     * was 13 % faster per example than 256's). A paired comparison, timed under one load, outranks
     * the scan's numbers.
     */
    Measurement likelierBest() {
      if (closest == null) {
        return best;
      }
      if (Double.isFinite(pairedRatio)) {
        return pairedRatio < 1 ? closest : best;
      }
      return closest.fastestPerExampleSeconds() < best.fastestPerExampleSeconds() ? closest : best;
    }
  }

  /** One direction of the scan: its best, and its closest failure with the paired ratio. */
  private record Leg(Measurement best, Measurement closest, double pairedRatio) {}

  private final Candidates candidates;
  private final DisturbedTimings disturbed;

  CoarseScan(Candidates candidates) {
    this.candidates = candidates;
    this.disturbed = new DisturbedTimings(candidates);
  }

  Result run(Measurement start) {
    int before = candidates.all().size();
    Leg leg = scan(start, true);
    if (leg.best() == start && !candidates.budgetHit()) {
      // Downward, only gains confirmed back to back count (below), so the scan's failures there
      // are no better bets than the start: the upward scan's closest failure stays the one, and
      // its paired ratio (to the start) only while the start is still the best.
      Leg down = scan(start, false);
      double paired = down.best() == start ? leg.pairedRatio() : Double.NaN;
      leg = new Leg(down.best(), leg.closest(), paired);
    }
    Measurement closest = leg.closest();
    Measurement pooledClosest = closest == null ? null : candidates.all().get(closest.batchSize());
    return new Result(
        leg.best(), candidates.all().size() - before, pooledClosest, leg.pairedRatio());
  }

  private Leg scan(Measurement best, boolean up) {
    Prober prober = candidates.prober();
    int fails = 0;
    Measurement closest = null;
    double paired = Double.NaN;
    // The best before the current best, while the current best is a gain over it on the way up:
    // two points of the step-time line that decides whether the next rung can be skipped.
    Measurement anchor = null;
    int skipped = 0;
    boolean jumped = false;
    Measurement previous = null;
    int b = best.batchSize();
    while (fails < candidates.settings().patience()) {
      int next;
      boolean jump = false;
      if (skipped > 0) {
        next = skipped;
        skipped = 0;
      } else {
        next = up ? up(b) : down(b);
        if (next == b || next == best.batchSize()) {
          break;
        }
        if (up && b == best.batchSize() && !jumped) {
          int far = up(next);
          if (far > next && lineSkips(anchor, best, next, far) && candidates.affordsScan(far)) {
            jump = true;
            jumped = true;
            skipped = next;
            next = far;
          }
        }
      }
      if (up && !jump && anchor != null && b == best.batchSize() && !candidates.affordsScan(next)) {
        // Still gaining at the last rung: the next one may be worth more than the budget's end.
        BudgetExtension.forScan(prober, candidates, best, next);
      }
      Measurement m = candidates.measure(next, Candidates.SCAN);
      if (m == null) {
        break;
      }
      if (!m.feasible()) {
        if (jump) {
          continue; // the skipped rung is below the size that failed
        }
        break;
      }
      PairedTiming.Result bump = up ? disturbed.recheckIfBump(previous, m, best) : null;
      if (bump != null && Double.isFinite(bump.ratio())) {
        // The rung before was a load's bump: decided on its paired ratio before this rung is.
        Measurement again = candidates.all().get(bump.candidate().batchSize());
        best = candidates.all().get(best.batchSize());
        m = candidates.all().get(next);
        if (beatsByMargin(bump.ratio())) {
          anchor = null;
          best = again;
          fails = 0;
          closest = null;
          paired = Double.NaN;
        } else if (closest == null
            || closest.batchSize() == again.batchSize()
            || again.perExampleSeconds() < closest.perExampleSeconds()) {
          closest = again;
          paired = bump.ratio();
        }
      }
      previous = m;
      double ratio = m.perExampleSeconds() / best.perExampleSeconds();
      PairedTiming.Result recheck = up ? disturbed.recheckIfImplausiblySlow(m, best) : null;
      boolean rechecked = recheck != null && Double.isFinite(recheck.ratio());
      if (rechecked) {
        ratio = recheck.ratio();
        m = candidates.all().get(next);
        best = candidates.all().get(best.batchSize());
      }
      // Faster by the margin, relative to the candidate's own time: with a wide margin (noisy
      // machine) "1 - margin" would ask for impossible gains.
      if (beatsByMargin(ratio)) {
        if (!up && !confirmedBelow(m, best)) {
          break;
        }
        anchor = up ? best : null;
        best = m;
        fails = 0;
        closest = null;
        paired = Double.NaN;
        skipped = 0; // the size jumped to won: the rung below it is no better bet
      } else {
        if (up && (closest == null || m.perExampleSeconds() < closest.perExampleSeconds())) {
          closest = m;
          paired = rechecked ? ratio : Double.NaN;
        }
        // A jump that lost does not count against the patience: the rung it skipped comes next,
        // and counts as it would have on the ladder (with a patience of 1 it would otherwise end
        // the scan before that rung).
        if (!jump && ++fails >= candidates.settings().patience() && closest != null) {
          paired = Double.isFinite(paired) ? paired : confirm(closest, best);
          if (beatsByMargin(paired)) {
            best = candidates.all().get(closest.batchSize());
            anchor = null;
            fails = 0;
            closest = null;
            paired = Double.NaN;
          }
        }
      }
      b = next;
      if (prober.maxBatchSize() < b) {
        break;
      }
    }
    return new Leg(best, closest, paired);
  }

  /**
   * Whether {@code next}, the rung above {@code best}, can be skipped for {@code far}, the rung
   * above it: on the step-time line through {@code anchor} and {@code best} (a fixed cost per step
   * plus a cost per example), {@code far} beats {@code next} by two margins. Where the fixed cost
   * dominates (tiny datasets, loading-bound steps) the best size lies several doublings up, and a
   * short budget ended the scan one or two rungs short of it. A jump that fails is followed by the
   * rung it skipped, so the ladder is reordered, not lost. A jump that wins but by less than the
   * line predicted is kept: timing the skipped rung as well cost the budget the rung above (on the
   * tune benchmark's loading-bound MLP the scan then ended at 256, where 2048 was best).
   */
  private boolean lineSkips(Measurement anchor, Measurement best, int next, int far) {
    if (anchor == null || anchor.batchSize() >= best.batchSize()) {
      return false;
    }
    double perExample =
        (best.stepSeconds() - anchor.stepSeconds()) / (best.batchSize() - anchor.batchSize());
    double fixed = best.stepSeconds() - Math.max(0, perExample) * best.batchSize();
    if (!(fixed > 0) || !Double.isFinite(perExample)) {
      return false;
    }
    double atNext = fixed / next + Math.max(0, perExample);
    double atFar = fixed / far + Math.max(0, perExample);
    return beatsByMargin(atFar / atNext * (1 + candidates.margin()));
  }

  /** Whether a time {@code ratio} to the incumbent's is a gain by the margin (NaN never is). */
  private boolean beatsByMargin(double ratio) {
    return ratio * (1 + candidates.margin()) < 1;
  }

  /**
   * The closest failure's time relative to {@code incumbent} when both are timed in alternating
   * windows, as it is about to end the scan (NaN when the budget allows no timing). The failures
   * that end a scan are measured one after another, so a load that switched on after the incumbent
   * was measured can make them all look slow; this one paired comparison keeps such a load from
   * ending the scan early. It re-times the fastest failure, not the last: on a plateau the last is
   * the farthest from the best, and re-timing it spent the budget on the size least likely to win.
   */
  private double confirm(Measurement closest, Measurement incumbent) {
    return pairedRatio(closest, incumbent, "confirm");
  }

  /**
   * Whether {@code candidate}, below the start and timed faster than {@code incumbent} by the
   * margin, is still faster when the two are timed in alternating windows. A smaller size than the
   * user's costs the most when the gain was a load that switched off between the two timings (on
   * the tune benchmark's tiny dataset under its on/off load, an unconfirmed 16 against 32 took a
   * pick 4.4x slower than the best), so going down needs the pair; when the budget does not allow
   * it the scan stops.
   */
  private boolean confirmedBelow(Measurement candidate, Measurement incumbent) {
    return beatsByMargin(pairedRatio(candidate, incumbent, "confirm-below"));
  }

  /** {@link Candidates#pair}'s ratio; NaN when the budget does not allow the pairing. */
  private double pairedRatio(Measurement candidate, Measurement incumbent, String phase) {
    PairedTiming.Result r = candidates.pair(candidate.batchSize(), incumbent, phase);
    return r == null ? Double.NaN : r.ratio();
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
