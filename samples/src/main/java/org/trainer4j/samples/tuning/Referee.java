package org.trainer4j.samples.tuning;

import com.google.common.math.Quantiles;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
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
 * <p>{@link #confirm} then times the picks, the close grid sizes and the anchor itself (the best
 * grid size after the first rounds) in more rounds, each in short windows alternating with the
 * anchor's; a size's ratio to the anchor in a round is the median of its windows against the
 * anchor's beside them, and the best grid size is the finalist with the lowest median ratio. A
 * pick's ratio to the best is taken round by round from those ratios, summarized as the median with
 * a distribution-free confidence interval ({@link MedianInterval}); an interval containing 1.0 is a
 * tie, and the anchor against itself ({@link #selfRatio}) is the referee's resolution. The older
 * ratio paired by round over passes minutes apart ({@link #roundRatio}, kept to compare) carried
 * the machine's switches between step-time levels (docs/results.md, the tune section).
 */
final class Referee {

  /** Epoch seconds of each size in each round, by size. */
  private final Map<Integer, List<Double>> rounds = new LinkedHashMap<>();

  /** Each confirming round's ratio of a size to the anchor's windows beside its own, by size. */
  private final Map<Integer, List<Double>> anchored = new LinkedHashMap<>();

  /** The anchor against itself in each confirming round ({@link #selfRatio}). */
  private final List<Double> selfRatios = new ArrayList<>();

  private int anchor = -1;

  private final ProbeRunner runner;
  private final int datasetSize;
  private final int warmup;
  private final int minSteps;
  private final double minSeconds;
  private final double windowSeconds;
  private final int windowPairs;
  private final boolean mean;
  private double seconds;

  private Referee(
      ProbeRunner runner,
      int datasetSize,
      int warmup,
      int minSteps,
      double minSeconds,
      double windowSeconds,
      int windowPairs,
      boolean mean) {
    this.runner = runner;
    this.datasetSize = datasetSize;
    this.warmup = warmup;
    this.minSteps = minSteps;
    this.minSeconds = minSeconds;
    this.windowSeconds = windowSeconds;
    this.windowPairs = windowPairs;
    this.mean = mean;
  }

  /** A referee for a quiet machine: the median step of each timed pass. */
  static Referee quiet(
      ProbeRunner runner, int datasetSize, int warmup, int minSteps, double minSeconds) {
    return new Referee(
        runner,
        datasetSize,
        warmup,
        minSteps,
        minSeconds,
        minSeconds * WINDOW_SHARE,
        WINDOW_PAIRS,
        false);
  }

  /**
   * A referee under an on/off load of period {@code periodSeconds}: each pass, and each window of
   * the confirming rounds, lasts at least one period (and {@code minSeconds}) and its mean step
   * counts, so that every one holds the load's on and off alike; a confirming round times {@link
   * #LOADED_WINDOW_PAIRS} windows of a size. Windows of a quarter pass (0.1 s) fell wholly in one
   * phase: the loaded CNN at 128 against itself read [0.913, 1.126] that way and [0.947, 1.039] in
   * two windows of a period each, over ten rounds ({@code
   * samples/docs/results/tune/referee-designs-loaded/}).
   */
  static Referee underLoad(
      ProbeRunner runner,
      int datasetSize,
      int warmup,
      int minSteps,
      double minSeconds,
      double periodSeconds) {
    return new Referee(
        runner,
        datasetSize,
        warmup,
        minSteps,
        Math.max(minSeconds, periodSeconds),
        Math.max(minSeconds * WINDOW_SHARE, periodSeconds),
        LOADED_WINDOW_PAIRS,
        true);
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

  /** A pass of {@code b} as seconds per epoch; NaN if it failed. */
  private double epochSeconds(int b) {
    return stepSeconds(b, warmup, minSteps, minSeconds) / b * datasetSize;
  }

  /**
   * {@code warm} discarded steps of {@code b}, then at least {@code steps} steps and {@code
   * atLeast} seconds: their median step (robust to a rare hiccup), under a load their mean; NaN if
   * a step failed (out of memory), after which the runner recovers.
   */
  private double stepSeconds(int b, int warm, int steps, double atLeast) {
    long start = System.nanoTime();
    try {
      runner.run(b, warm);
      List<Double> timed = new ArrayList<>();
      double total = 0;
      while (timed.size() < steps || total < atLeast) {
        double s = runner.run(b, 1)[0];
        timed.add(s);
        total += s;
      }
      return mean ? total / timed.size() : median(timed);
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
    return lowestMedian(grid, grid.get(0), this::of);
  }

  /** Of {@code sizes}, the one with the lowest median {@code values}; {@code first} on ties. */
  private static int lowestMedian(
      Collection<Integer> sizes, int first, Function<Integer, List<Double>> values) {
    int best = first;
    for (int b : sizes) {
      if (median(values.apply(b)) < median(values.apply(best))) {
        best = b;
      }
    }
    return best;
  }

  /**
   * Times the {@code picks} and the grid sizes within {@code margin} of the best ({@link
   * #contenders}) in {@code count} more rounds against that best grid size (the anchor), and the
   * anchor against itself; returns the finalist with the lowest median ratio to the anchor. In a
   * round each size runs {@link #WINDOW_PAIRS} short windows (under a load {@link
   * #LOADED_WINDOW_PAIRS} of a period each) alternating with the anchor's (anchor, size, anchor,
   * ..., anchor), and its ratio to the anchor is the median of each window's time against the mean
   * of the anchor's windows beside it, a second or less away (a period under a load). This
   * machine's steps switch between levels 1.3-2.3x apart for seconds at a time, so a ratio between
   * passes taken seconds or minutes apart carries that switch; windows that close share the level.
   * The project's Fashion-MNIST CNN at 64 against itself read [0.992, 1.009] this way, [0.950,
   * 1.019] with passes 10 s apart and [0.939, 1.021] with a pass between two of the anchor's, over
   * twelve rounds each ({@code samples/docs/results/tune/referee-designs/}). Under a load each
   * window lasts a whole period of it ({@link #underLoad}). A grid size left with its first rounds
   * is not compared with them: those rounds put minutes between sizes. A size's time in a
   * confirming round is the median of its windows.
   */
  int confirm(List<Integer> grid, Collection<Integer> picks, double margin, int count, long seed) {
    if (count == 0) {
      return best(grid);
    }
    List<Integer> finalists = contenders(grid, margin);
    anchor = best(grid);
    Set<Integer> sizes = new LinkedHashSet<>(finalists);
    sizes.addAll(picks);
    // The anchor itself, as a contender: its ratio is the referee's resolution.
    sizes.add(anchor);
    Random random = new Random(seed);
    for (int r = 0; r < count; r++) {
      TimeToAccuracyBenchmark.releaseMemory();
      List<Integer> order = new ArrayList<>(sizes);
      Collections.shuffle(order, random);
      List<Double> anchorWindows = new ArrayList<>();
      for (int b : order) {
        Alternation a = alternate(b);
        anchorWindows.addAll(a.anchorWindows());
        if (b == anchor) {
          selfRatios.add(a.ratio());
        } else {
          rounds.computeIfAbsent(b, k -> new ArrayList<>()).add(a.epochSeconds());
          anchored.computeIfAbsent(b, k -> new ArrayList<>()).add(a.ratio());
        }
      }
      rounds
          .computeIfAbsent(anchor, k -> new ArrayList<>())
          .add(median(anchorWindows) * datasetSize);
      anchored.computeIfAbsent(anchor, k -> new ArrayList<>()).add(1.0);
    }
    return lowestMedian(finalists, anchor, this::toAnchor);
  }

  /** Short windows of a size alternating with the anchor's, per {@link #alternate}. */
  private record Alternation(double ratio, double epochSeconds, List<Double> anchorWindows) {}

  /** Windows of a size (and of the anchor around each) in a confirming round. */
  static final int WINDOW_PAIRS = 4;

  /**
   * Windows of a size in a confirming round under a load, each a whole period of it: two, since a
   * size's round then lasts five periods (15 s under the benchmark's load), against about a second
   * for the quiet referee's four short pairs.
   */
  static final int LOADED_WINDOW_PAIRS = 2;

  /** Steps a window discards after the change of size, then times at least, for {@link #window}. */
  static final int WINDOW_WARMUP = 1;

  static final int WINDOW_STEPS = 2;

  /**
   * A window's timed steps last at least this share of the seconds asked of a pass (0.1 s of the
   * default 0.4), since tiny sizes run millisecond steps; not of a pass under the load, whose
   * period the windows beside each other share.
   */
  static final double WINDOW_SHARE = 0.25;

  private Alternation alternate(int b) {
    List<Double> anchorWindows = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    List<Double> mine = new ArrayList<>();
    double before = window(anchor);
    anchorWindows.add(before);
    for (int i = 0; i < windowPairs; i++) {
      double own = window(b);
      double after = window(anchor);
      anchorWindows.add(after);
      mine.add(own);
      ratios.add(own / ((before + after) / 2));
      before = after;
    }
    boolean failed = ratios.stream().anyMatch(x -> !Double.isFinite(x));
    return new Alternation(
        failed ? Double.NaN : median(ratios),
        failed ? Double.NaN : median(mine) * datasetSize,
        anchorWindows.stream().filter(Double::isFinite).toList());
  }

  /**
   * Seconds per example of a window: {@link #WINDOW_WARMUP} discarded steps, then at least {@link
   * #WINDOW_STEPS} steps and {@link #WINDOW_SHARE} of a pass's seconds, their median step (under a
   * load a whole period of it, and their mean, as for a pass); NaN if it failed.
   */
  private double window(int b) {
    return stepSeconds(b, WINDOW_WARMUP, WINDOW_STEPS, windowSeconds) / b;
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

  /**
   * {@code b}'s ratio to {@code best} as a median interval: from their ratios to the anchor in the
   * confirming rounds (each size's windows against the anchor's beside them), round by round; the
   * ratio paired by round ({@link #roundRatio}) where either has no confirming rounds.
   */
  MedianInterval ratio(int b, int best) {
    List<Double> mine = toAnchor(b);
    List<Double> theirs = toAnchor(best);
    return mine.isEmpty() || theirs.isEmpty()
        ? roundRatio(b, best)
        : interval(divide(mine, theirs));
  }

  /**
   * The per-round times of {@code b} over {@code best}'s, paired by round over all rounds, as a
   * median interval: the estimator before the alternating windows, kept to compare.
   */
  MedianInterval roundRatio(int b, int best) {
    return interval(divide(of(b), of(best)));
  }

  private static MedianInterval interval(List<Double> ratios) {
    return ratios.isEmpty()
        ? new MedianInterval(Double.NaN, Double.NaN, Double.NaN, 0)
        : MedianInterval.of(ratios);
  }

  /**
   * The referee's resolution: the anchor against itself in each confirming round, timed as every
   * other size is (its windows alternating with the anchor's). Its interval is the narrowest any
   * size's ratio to the anchor can have on that workload that day: a goal tighter than its upper
   * end is below what this referee can tell apart. Null without confirming rounds.
   */
  MedianInterval selfRatio() {
    return selfRatios.isEmpty() ? null : interval(selfRatios());
  }

  /** The anchor against itself in each confirming round where it ran. */
  List<Double> selfRatios() {
    return selfRatios.stream().filter(Double::isFinite).toList();
  }

  private static List<Double> divide(List<Double> mine, List<Double> theirs) {
    List<Double> ratios = new ArrayList<>();
    for (int r = 0; r < Math.min(mine.size(), theirs.size()); r++) {
      double ratio = mine.get(r) / theirs.get(r);
      if (Double.isFinite(ratio)) { // a round where either failed (out of memory) compares nothing
        ratios.add(ratio);
      }
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
    return values.isEmpty() ? Double.NaN : Quantiles.median().compute(values);
  }
}
