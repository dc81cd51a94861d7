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
 * rounds, while an epoch under that load lasts the mean.) A pick's ratio to the best grid size is
 * taken round by round (paired), summarized as the median with a distribution-free confidence
 * interval ({@link MedianInterval}). {@link #confirm} adds rounds for the close contenders and the
 * picks, where a ratio is decided; rounds stay paired by their index, so sizes timed in every call
 * share their rounds.
 */
final class Referee {

  /** Epoch seconds of each size in each round, by size. */
  private final Map<Integer, List<Double>> rounds = new LinkedHashMap<>();

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
   * #contenders}) in {@code count} more rounds, and returns the best of those grid sizes over all
   * their rounds. A grid size left with its first rounds is not compared by its median with theirs:
   * the medians would come from different rounds, and a machine slower in the later rounds made
   * such a size the best (128 on the loaded MLP, slower than 1024 in each of the rounds they
   * shared).
   */
  int confirm(List<Integer> grid, Collection<Integer> picks, double margin, int count, long seed) {
    if (count == 0) {
      return best(grid);
    }
    List<Integer> finalists = contenders(grid, margin);
    Set<Integer> sizes = new LinkedHashSet<>(finalists);
    sizes.addAll(picks);
    measure(new ArrayList<>(sizes), count, seed);
    return best(finalists);
  }

  /**
   * The grid sizes whose median epoch time is within {@code margin} of the best grid size's (the
   * best included): the sizes that could still be the best once more rounds are timed.
   */
  List<Integer> contenders(List<Integer> grid, double margin) {
    double bestEpoch = median(of(best(grid)));
    return grid.stream().filter(b -> median(of(b)) <= (1 + margin) * bestEpoch).toList();
  }

  /** The per-round ratios of {@code b} to {@code best}, paired by round, as a median interval. */
  MedianInterval ratio(int b, int best) {
    List<Double> mine = of(b);
    List<Double> theirs = of(best);
    List<Double> ratios = new ArrayList<>();
    for (int r = 0; r < Math.min(mine.size(), theirs.size()); r++) {
      ratios.add(mine.get(r) / theirs.get(r));
    }
    return MedianInterval.of(ratios);
  }

  double seconds() {
    return seconds;
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
