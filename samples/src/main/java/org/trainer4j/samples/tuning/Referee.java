package org.trainer4j.samples.tuning;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.trainer4j.extensions.minibatch.ProbeRunner;

/**
 * The benchmark's referee: times every size (the fixed oracle grid and the strategies' picks) in
 * interleaved rounds, the order shuffled each round, so that every size sees the same mix of
 * conditions. A size's time in a round is its step time over at least {@code minSteps} steps and
 * {@code minSeconds}, after {@code warmup} discarded steps, as seconds per epoch: on a quiet
 * machine the median step (robust to a rare hiccup), under an on/off load the mean over at least
 * one whole period of the load. (The median of steps under such a load is bimodal: a pass shorter
 * than a period is all loaded or all quiet, so the same size came out up to 1.9x apart between
 * rounds, while an epoch under that load lasts the mean.)
 *
 * <p>{@link #confirm} then times the picks and the close grid sizes in more rounds, each pass
 * between two passes of an anchor (the best grid size after the first rounds), whose time in such a
 * round is the median of its passes, so that a blip in one of them moves no ratio to it; the best
 * grid size is the contender with the lowest median over all its rounds. A pick's ratio to the best
 * is taken round by round (paired) over all rounds, summarized as the median with a
 * distribution-free confidence interval ({@link MedianInterval}); an interval containing 1.0 is a
 * tie. This machine runs the same steps up to 1.5x slower with nothing else running, for a pass or
 * two and for 10-30 s at a time. The ratio from each size's passes relative to the anchor's around
 * it ({@link #anchoredRatio}), seconds apart, was meant to cancel the long switches; in the run
 * that tried it (2026-12-04, both estimates over the same rounds and best) its intervals were the
 * wider (median width 0.115 against 0.090; quiet 0.086 against 0.052, loaded 0.160 against 0.173):
 * most of the noise is in single passes, and that ratio has three. It is kept beside the paired
 * one.
 */
final class Referee {

  /** Epoch seconds of each size in each round, by size. */
  private final Map<Integer, List<Double>> rounds = new LinkedHashMap<>();

  /** Each confirming round's time of a size relative to the anchor's passes around it, by size. */
  private final Map<Integer, List<Double>> anchored = new LinkedHashMap<>();

  /** The anchor's passes in each confirming round, in the order they ran. */
  private final List<List<Double>> anchorRounds = new ArrayList<>();

  private int anchor = -1;

  private final ProbeRunner runner;
  private final int datasetSize;
  private final int warmup;
  private final int minSteps;
  private final double minSeconds;
  private final boolean mean;
  private double seconds;

  private Referee(
      ProbeRunner runner,
      int datasetSize,
      int warmup,
      int minSteps,
      double minSeconds,
      boolean mean) {
    this.runner = runner;
    this.datasetSize = datasetSize;
    this.warmup = warmup;
    this.minSteps = minSteps;
    this.minSeconds = minSeconds;
    this.mean = mean;
  }

  /** A referee for a quiet machine: the median step of each timed pass. */
  static Referee quiet(
      ProbeRunner runner, int datasetSize, int warmup, int minSteps, double minSeconds) {
    return new Referee(runner, datasetSize, warmup, minSteps, minSeconds, false);
  }

  /**
   * A referee under an on/off load of period {@code periodSeconds}: each pass lasts at least one
   * period (and {@code minSeconds}) and its mean step counts.
   */
  static Referee underLoad(
      ProbeRunner runner,
      int datasetSize,
      int warmup,
      int minSteps,
      double minSeconds,
      double periodSeconds) {
    return new Referee(
        runner, datasetSize, warmup, minSteps, Math.max(minSeconds, periodSeconds), true);
  }

  /** Measures every size in {@code sizes} once per round, for {@code count} rounds. */
  void measure(List<Integer> sizes, int count, long seed) {
    Random random = new Random(seed);
    for (int r = 0; r < count; r++) {
      // ND4J frees a pass's buffers only when the heap's collector finds their owners: without
      // this, the loaded CNN's referee (sizes 2 to 512, 3 s passes) grew to 24 GB resident in
      // 12 minutes and the kernel killed the benchmark.
      TimeToAccuracyBenchmark.releaseMemory();
      List<Integer> order = new ArrayList<>(sizes);
      Collections.shuffle(order, random);
      for (int b : order) {
        rounds.computeIfAbsent(b, k -> new ArrayList<>()).add(epochSeconds(b));
      }
    }
  }

  private double epochSeconds(int b) {
    long start = System.nanoTime();
    try {
      runner.run(b, warmup);
      List<Double> steps = new ArrayList<>();
      double total = 0;
      while (steps.size() < minSteps || total < minSeconds) {
        double s = runner.run(b, 1)[0];
        steps.add(s);
        total += s;
      }
      double step = mean ? total / steps.size() : median(steps);
      return step / b * datasetSize;
    } catch (RuntimeException | OutOfMemoryError e) {
      runner.recoverFromOutOfMemory();
      return Double.NaN;
    } finally {
      seconds += (System.nanoTime() - start) / 1e9;
    }
  }

  /** The epoch seconds of {@code b} in each round. */
  List<Double> of(int b) {
    return rounds.getOrDefault(b, List.of());
  }

  /** The grid size with the lowest median epoch time. */
  int best(List<Integer> grid) {
    int best = grid.get(0);
    for (int b : grid) {
      if (median(of(b)) < median(of(best))) {
        best = b;
      }
    }
    return best;
  }

  /**
   * Times the {@code picks} and the grid sizes within {@code margin} of the best ({@link
   * #contenders}) in {@code count} more rounds, each pass between two passes of that best grid size
   * (the anchor), whose time in the round is the median of its passes; returns the best of those
   * grid sizes over all their rounds. A grid size left with its first rounds is not compared by its
   * median with theirs: the medians would come from different rounds, and a machine slower in the
   * later rounds made such a size the best (128 on the loaded MLP, slower than 1024 in each of the
   * rounds they shared).
   */
  int confirm(List<Integer> grid, Collection<Integer> picks, double margin, int count, long seed) {
    if (count == 0) {
      return best(grid);
    }
    List<Integer> finalists = contenders(grid, margin);
    anchor = best(grid);
    Set<Integer> sizes = new LinkedHashSet<>(finalists);
    sizes.addAll(picks);
    sizes.remove(anchor);
    Random random = new Random(seed);
    for (int r = 0; r < count; r++) {
      TimeToAccuracyBenchmark.releaseMemory();
      List<Integer> order = new ArrayList<>(sizes);
      Collections.shuffle(order, random);
      List<Double> anchorPasses = new ArrayList<>();
      anchorPasses.add(epochSeconds(anchor));
      for (int b : order) {
        double seconds = epochSeconds(b);
        double before = anchorPasses.get(anchorPasses.size() - 1);
        double after = epochSeconds(anchor);
        anchorPasses.add(after);
        rounds.computeIfAbsent(b, k -> new ArrayList<>()).add(seconds);
        anchored.computeIfAbsent(b, k -> new ArrayList<>()).add(seconds / ((before + after) / 2));
      }
      anchorRounds.add(List.copyOf(anchorPasses));
      rounds.computeIfAbsent(anchor, k -> new ArrayList<>()).add(median(anchorPasses));
      anchored.computeIfAbsent(anchor, k -> new ArrayList<>()).add(1.0);
    }
    return best(finalists);
  }

  /** The anchor of the confirming rounds; -1 before (or without) them. */
  int anchor() {
    return anchor;
  }

  /** {@code b}'s time relative to the anchor's passes around it in each confirming round. */
  List<Double> toAnchor(int b) {
    return anchored.getOrDefault(b, List.of());
  }

  /**
   * The grid sizes whose median epoch time is within {@code margin} of the best grid size's (the
   * best included), or whose fastest round is within {@code margin} of the fastest round of any:
   * the sizes that could still be the best once more rounds are timed. The fastest rounds count
   * because three rounds on a machine that switches speed can catch a size in the slow state every
   * time (512 on the loaded MLP: 10.0-10.9 s per epoch in its first three, 7.4-7.6 for 1024, then
   * both about 12) and leave it out by its median alone.
   */
  List<Integer> contenders(List<Integer> grid, double margin) {
    double bestMedian = median(of(best(grid)));
    // A size that failed in every round (NaN) is no one's fastest: DoubleStream.min would be NaN.
    double bestFastest =
        grid.stream().mapToDouble(this::fastest).filter(Double::isFinite).min().orElse(Double.NaN);
    return grid.stream()
        .filter(
            b ->
                median(of(b)) <= (1 + margin) * bestMedian
                    || fastest(b) <= (1 + margin) * bestFastest)
        .toList();
  }

  /** {@code b}'s fastest round; a round that failed (NaN) is none. */
  private double fastest(int b) {
    return of(b).stream()
        .mapToDouble(Double::doubleValue)
        .filter(Double::isFinite)
        .min()
        .orElse(Double.NaN);
  }

  /** The per-round ratios of {@code b} to {@code best}, paired by round, as a median interval. */
  MedianInterval ratio(int b, int best) {
    return MedianInterval.of(divide(of(b), of(best)));
  }

  /**
   * {@code b}'s ratio to {@code best} from their times relative to the anchor's passes around them
   * in the confirming rounds, as a median interval; null without confirming rounds.
   */
  MedianInterval anchoredRatio(int b, int best) {
    List<Double> mine = toAnchor(b);
    List<Double> theirs = toAnchor(best);
    return mine.isEmpty() || theirs.isEmpty() ? null : MedianInterval.of(divide(mine, theirs));
  }

  /**
   * The referee's resolution: in each confirming round, one of the anchor's passes (drawn with
   * {@code seed}) against the median of its other passes. That is the ratio a pick exactly as fast
   * as the anchor would get there (one pass against the anchor's median), so its interval is the
   * narrowest any pick's ratio to the anchor can have: a goal tighter than its upper end is below
   * what this referee can tell apart. Empty without confirming rounds.
   */
  List<Double> selfRatios(long seed) {
    Random random = new Random(seed);
    List<Double> ratios = new ArrayList<>();
    for (List<Double> passes : anchorRounds) {
      List<Double> timed = passes.stream().filter(Double::isFinite).toList();
      if (timed.size() < 2) {
        continue;
      }
      List<Double> others = new ArrayList<>(timed);
      double drawn = others.remove(random.nextInt(timed.size()));
      ratios.add(drawn / median(others));
    }
    return ratios;
  }

  /** {@link #selfRatios} as a median interval; null without confirming rounds. */
  MedianInterval selfRatio(long seed) {
    List<Double> ratios = selfRatios(seed);
    return ratios.isEmpty() ? null : MedianInterval.of(ratios);
  }

  private static List<Double> divide(List<Double> mine, List<Double> theirs) {
    List<Double> ratios = new ArrayList<>();
    for (int r = 0; r < Math.min(mine.size(), theirs.size()); r++) {
      ratios.add(mine.get(r) / theirs.get(r));
    }
    return ratios;
  }

  double seconds() {
    return seconds;
  }

  /** The seconds each pass lasts at least: under a load, at least one period of it. */
  double passSeconds() {
    return minSeconds;
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
