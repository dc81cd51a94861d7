package org.trainer4j.extensions.minibatch;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a search tells a timing that caught a disturbance (a stalled JVM, a load that ended) from a
 * size's true speed, and times it again. Each sign compares a size with the other sizes of the
 * search, because no single timing can show its own disturbance:
 *
 * <ul>
 *   <li>A larger size whose step takes less than {@link #FASTER} of a smaller size's: a step does
 *       not get faster as the batch grows, so the smaller size was disturbed. It is timed again at
 *       once, and what its stale timing cost is given back first, so that the budget the stall
 *       wasted cannot block the re-timing; it is counted again unless the new timing shows a stall
 *       (faster by {@link #STALLED}'s factor). With no room in the budget for a new timing, a
 *       larger size that much faster proves the stall: the stale windows are dropped, not fitted,
 *       and their cost stays given back.
 *   <li>A size slower per example than a smaller one by more than {@link #SLOWER}, or whose windows
 *       spread more than {@link #SPREAD} and {@link #SPREAD_RATIO} times the other sizes' median
 *       spread: per example a larger batch is at most a little slower, and a quiet machine spreads
 *       every size's windows alike. The suspect is timed once more, within the budget, and its
 *       stale cost given back only if the new timing shows a stall: a size that is truly slow, or a
 *       machine that is noisy for all sizes, keeps what it cost. With no room in the budget, the
 *       suspect's windows are dropped, not fitted, unless its step is shorter than a smaller size's
 *       by {@link #STALLED}'s factor: it then proves that size's stall (first rule) and stays. A
 *       suspect dropped for its slowness per example still holds smaller sizes to the first rule: a
 *       disturbance only lengthens a step, so its windows bound its true step from above.
 *   <li>A size timed while a stall that a smaller size's new timing proved was going on: the stall
 *       may have eased before it ended, leaving this size less slow than the smaller one but still
 *       slow (a JVM warming up: 32 15 times slow, 64 after it 8 times). It is a suspect too, timed
 *       again if the budget allows, but with nothing implausible in its windows, never dropped.
 * </ul>
 *
 * <p>In a JVM that had trained ten models, the first one or two seconds of a search ran 5-15 times
 * slower: 32 and 64 both timed in it left a line through them with no fixed cost, and the search
 * kept 32.
 */
final class DisturbedTimings {

  /** A larger size's step below this share of a smaller size's shows the smaller one disturbed. */
  static final double FASTER = 0.8;

  /**
   * A new timing faster than this share of the stale one shows a stall, whose cost is given back:
   * well below {@link #FASTER}, as noise alone must not buy a search more than its budget (at 0.8,
   * a simulated machine with 30 % noise a step got a timing's cost back).
   */
  static final double STALLED = 0.5;

  /** Per-example seconds above a smaller size's by this factor make a size suspect. */
  static final double SLOWER = 1.25;

  /**
   * Per-example seconds above a smaller size's by this factor are not a size's own speed: a step is
   * a fixed cost plus a cost per example, so per example a larger batch is at most a little slower
   * (from one size to the next; the tune benchmark's steepest such rise, 2048 over 1024 on the MLP
   * on an Intel Xeon, is 1.34x), and half as slow again is a load that switched on between the two
   * timings. Held against the next smaller size only ({@link #slowerThanNextSmaller}).
   */
  static final double IMPLAUSIBLY_SLOWER = 1.5;

  /**
   * A relative window spread above this (and {@link #SPREAD_RATIO} times the others') is suspect.
   */
  static final double SPREAD = 0.25;

  /** How many times the other sizes' median spread a suspect's spread exceeds. */
  static final double SPREAD_RATIO = 3;

  private final Candidates candidates;

  /** Sizes timed again as suspects: once each, so a truly slow size costs one more timing only. */
  private final Set<Integer> suspectsRetimed = new HashSet<>();

  DisturbedTimings(Candidates candidates) {
    this.candidates = candidates;
  }

  /**
   * Holds {@code newest}, just timed, against the sizes timed before, and times again what the
   * comparison shows disturbed: {@code newest} itself if it is suspect, then every smaller size
   * slower than it. Once smaller sizes are timed again {@code newest} is checked once more, as the
   * sizes it was held against have changed, and is a suspect if they proved a stall: it was timed
   * during it.
   */
  void check(Measurement newest, String phase) {
    if (newest == null || !newest.feasible()) {
      return;
    }
    int b = newest.batchSize();
    boolean suspectRetimed = retimeIfSuspect(b, phase, false);
    Change below = retimeSlowerBelow(reference(b, newest), phase);
    if (below != Change.NONE
        && !suspectRetimed
        && retimeIfSuspect(b, phase, below == Change.STALL)) {
      retimeSlowerBelow(reference(b, newest), phase);
    }
  }

  /**
   * For a search whose budget has no room to time a suspect again ({@link CoarseScan} on a short
   * training): if {@code newest} is slower per example than a smaller size by {@link
   * #IMPLAUSIBLY_SLOWER}, what its timing cost is given back and it is timed against {@code
   * incumbent} in alternating windows, once; the cost is counted again unless the pairing shows the
   * disturbance (see below), as a truly slow size (a memory cliff) must pay. Timed alone again, it
   * fell into the same busy half of a load whose halves outlast a measurement; alternating windows
   * share whatever load there is. On the tune benchmark's loaded loading-bound MLP a scan timed 256
   * at 3.8x 128's time per example, which spent 1.08 s of its 1.5 s budget, and ended at 128 where
   * 2048 was best.
   *
   * @return the paired comparison, or null when {@code newest} is plausible, was checked before, or
   *     the budget has no room for the pair even with its cost given back
   */
  PairedTiming.Result recheckIfImplausiblySlow(Measurement newest, Measurement incumbent) {
    if (newest == null
        || !newest.feasible()
        || newest.batchSize() == incumbent.batchSize()
        || suspectsRetimed.contains(newest.batchSize())
        || !slowerThanNextSmaller(newest, IMPLAUSIBLY_SLOWER)) {
      return null;
    }
    int b = newest.batchSize();
    suspectsRetimed.add(b);
    double staleRatio = newest.perExampleSeconds() / incumbent.perExampleSeconds();
    double staleCost = candidates.charged(b);
    candidates.prober().budget().uncount(staleCost);
    PairedTiming.Result paired = candidates.recheck(b, incumbent);
    Measurement fresh = paired == null ? null : paired.candidate();
    // Disturbed if the size itself ran twice as fast, or if, timed beside the incumbent, it came
    // out at half the ratio the separate timings gave: a load that was on for one and not the
    // other.
    boolean disturbed =
        showsStall(newest, fresh) || (paired != null && paired.ratio() < STALLED * staleRatio);
    if (!disturbed) {
      candidates.prober().budget().recount(staleCost);
    }
    return paired;
  }

  /**
   * For {@link CoarseScan} on the way up: if {@code previous}, the rung timed before {@code
   * newest}, is slower per example by the margin than both {@code newest} and the largest feasible
   * size below it, it is timed again against {@code incumbent} in alternating windows, once. A
   * step-time curve (a fixed cost per step plus a cost per example that rises slowly) has no such
   * bump; a load that was on while that one rung was timed makes one, and the scan, comparing each
   * rung with the best only, never looks back at a rung that lost: on the tune benchmark's loaded
   * MLP a scan timed 512 during the load's busy half (1.48x 256 per example, 1.39x 1024), kept 256,
   * and 512 was the best grid size.
   *
   * @return the paired comparison, or null when {@code previous} is no bump, was checked before, is
   *     the incumbent, or the budget has no room for the pair
   */
  PairedTiming.Result recheckIfBump(
      Measurement previous, Measurement newest, Measurement incumbent) {
    if (previous == null
        || newest == null
        || !previous.feasible()
        || !newest.feasible()
        || previous.batchSize() >= newest.batchSize()
        || previous.batchSize() == incumbent.batchSize()
        || suspectsRetimed.contains(previous.batchSize())) {
      return null;
    }
    Measurement current = candidates.all().get(previous.batchSize());
    Measurement below = nextSmaller(previous).orElse(null);
    double slowest =
        (1 + candidates.margin())
            * Math.max(
                below == null ? Double.NaN : below.perExampleSeconds(), newest.perExampleSeconds());
    // NaN (no size below, or no current timing) is never exceeded.
    if (current == null || !(current.perExampleSeconds() > slowest)) {
      return null;
    }
    suspectsRetimed.add(previous.batchSize());
    return candidates.recheck(previous.batchSize(), incumbent);
  }

  /**
   * What smaller sizes are held against: {@code b}'s current timing, or the windows just dropped as
   * implausible. A disturbance only lengthens a step, so even dropped they bound {@code b}'s step
   * from above, and a smaller size slower than that bound is slower than {@code b} truly is.
   */
  private Measurement reference(int b, Measurement timed) {
    Measurement current = candidates.all().get(b);
    return current != null ? current : timed;
  }

  /**
   * Times again every feasible size below {@code reference}'s whose step took more than {@code
   * reference}'s over {@link #FASTER}, giving back what its stale timing cost unless the new timing
   * shows no stall.
   */
  private Change retimeSlowerBelow(Measurement reference, String phase) {
    double step = reference.stepSeconds();
    List<Measurement> slower =
        candidates.all().headMap(reference.batchSize()).values().stream()
            .filter(m -> m.feasible() && step < FASTER * m.stepSeconds())
            .toList();
    // All refunds first: a stall through several sizes may have spent more than any one cost.
    Map<Integer, Double> costs = new HashMap<>();
    for (Measurement m : slower) {
      costs.put(m.batchSize(), candidates.charged(m.batchSize()));
      candidates.prober().budget().uncount(costs.get(m.batchSize()));
    }
    Change change = slower.isEmpty() ? Change.NONE : Change.RETIMED;
    for (Measurement stale : slower) {
      Measurement fresh = candidates.retime(stale.batchSize(), phase);
      // Without a new timing, a larger size this much faster is proof enough: the stalled
      // windows are dropped, not fitted.
      boolean proven = fresh == null && provesStall(reference, stale);
      if (proven) {
        candidates.discard(stale.batchSize());
      }
      if (proven || showsStall(stale, fresh)) {
        change = Change.STALL;
      } else {
        candidates.prober().budget().recount(costs.get(stale.batchSize()));
      }
    }
    return change;
  }

  /**
   * Whether {@code fresh} shows {@code stale}'s windows stalled: faster by {@link #STALLED}'s
   * factor.
   */
  private static boolean showsStall(Measurement stale, Measurement fresh) {
    return fresh != null
        && fresh.feasible()
        && fresh.perExampleSeconds() < STALLED * stale.perExampleSeconds();
  }

  /**
   * Times {@code b} again if it is suspect ({@code timedInStall}, or slower or spread beyond the
   * others) and was not timed again as one before, or drops its windows when the budget has no room
   * for that; true if it did either.
   */
  private boolean retimeIfSuspect(int b, String phase, boolean timedInStall) {
    if (suspectsRetimed.contains(b)) {
      return false;
    }
    Measurement stale = candidates.all().get(b);
    boolean slower = slowerThanSmaller(stale, SLOWER);
    boolean implausible = slower || spreadAlone(stale);
    if (!(timedInStall || implausible)) {
      return false;
    }
    suspectsRetimed.add(b);
    double staleCost = candidates.charged(b);
    Measurement fresh = candidates.retime(b, phase);
    if (fresh == null) {
      // No budget to time it again: implausible windows (which take another size to compare
      // with) are not fitted; 128 timed 1.7x slower per example than 64 put the argmax at 59.
      // Spread alone is kept when the size proves a smaller size's stall.
      if (implausible && (slower || !provesStallBelow(stale))) {
        candidates.discard(b);
      }
      return implausible;
    }
    if (showsStall(stale, fresh)) {
      candidates.prober().budget().uncount(staleCost);
    }
    return true;
  }

  /**
   * Whether {@code m} proves a smaller size's stall ({@link #provesStall}): then a spread in its
   * windows is that stall easing, and {@code m} is the evidence of it, not to be dropped before it
   * is used. (A search's 32 timed at 3.56 ms an example, 64 after it at 0.58 with windows 0.90
   * apart: 64 was dropped for its spread, 32's stalled step priced the noise estimate out of the
   * budget, and the search kept 32.)
   */
  private boolean provesStallBelow(Measurement m) {
    return candidates.all().headMap(m.batchSize()).values().stream()
        .filter(Measurement::feasible)
        .anyMatch(smaller -> provesStall(m, smaller));
  }

  /** Whether {@code larger}'s step took less than {@link #STALLED} of {@code smaller}'s. */
  private static boolean provesStall(Measurement larger, Measurement smaller) {
    return larger.stepSeconds() < STALLED * smaller.stepSeconds();
  }

  /**
   * Whether {@code m} is slower per example by {@code factor} than the largest feasible size below
   * it. Not than any smaller size: a rise that builds up over several doublings is a cache or
   * memory effect, not a load that switched on between two timings (on an Intel Xeon the full-data
   * MLP's 512, 1024 and 2048 take 1, 1.15 and 1.54 times as long per example, so 2048 was timed
   * twice, 1.44 s of a 2.91 s budget, and the search spent 4.37 s).
   */
  private boolean slowerThanNextSmaller(Measurement m, double factor) {
    return nextSmaller(m)
        .map(smaller -> m.perExampleSeconds() > factor * smaller.perExampleSeconds())
        .orElse(false);
  }

  /** The largest feasible size timed below {@code m}, if any. */
  private Optional<Measurement> nextSmaller(Measurement m) {
    return candidates.all().headMap(m.batchSize(), false).descendingMap().values().stream()
        .filter(Measurement::feasible)
        .findFirst();
  }

  /** Whether {@code m} is slower per example than any smaller feasible size by {@code factor}. */
  private boolean slowerThanSmaller(Measurement m, double factor) {
    return candidates.all().headMap(m.batchSize()).values().stream()
        .filter(Measurement::feasible)
        .anyMatch(smaller -> m.perExampleSeconds() > factor * smaller.perExampleSeconds());
  }

  private boolean spreadAlone(Measurement m) {
    double spread = m.noise();
    // NaN, with no other size to compare with, is never exceeded.
    return spread > SPREAD && spread > SPREAD_RATIO * candidates.medianNoiseExcept(m.batchSize());
  }

  /** What {@link #retimeSlowerBelow} did. */
  private enum Change {
    /** No smaller size was slower. */
    NONE,
    /** Smaller sizes were timed again or dropped, and none of them proved a stall. */
    RETIMED,
    /** A smaller size's new timing, or a larger size's speed, proved a stall. */
    STALL
  }
}
