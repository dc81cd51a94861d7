package org.trainer4j.extensions.minibatch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The last phase of {@link ThroughputMaximize}: the best size and the closest contenders (within
 * the margin) are measured again in interleaved rounds, in a new order each round, so that every
 * contender sees the same conditions. Within a round, each size's time is divided by the round's
 * mean, and the size with the lowest median relative time wins: a load that changes between rounds
 * cancels out. When the incumbent's time moves by more than twice the margin from one round to the
 * next, the load changed within the contest: the rounds before are dropped and the contest starts
 * again (at most {@code maxRestarts} times).
 */
final class Contest {

  /** The winner, the sizes that took part, the rounds that counted and the restarts. */
  record Result(Measurement winner, List<Integer> sizes, int rounds, int restarts) {}

  private final Candidates candidates;

  Contest(Candidates candidates) {
    this.candidates = candidates;
  }

  Result run(Measurement best) {
    ThroughputSettings s = candidates.settings();
    double limit = best.perExampleSeconds() * (1 + candidates.margin());
    List<Measurement> field = new ArrayList<>();
    field.add(best);
    candidates.all().values().stream()
        .filter(m -> m.feasible() && m.batchSize() != best.batchSize())
        .filter(m -> m.perExampleSeconds() <= limit)
        .sorted(Comparator.comparingDouble(Measurement::perExampleSeconds))
        .limit(s.contenders())
        .forEach(field::add);
    List<Integer> sizes = field.stream().map(Measurement::batchSize).toList();
    if (field.size() < 2) {
      return new Result(best, sizes, 0, 0);
    }
    List<double[]> rounds = new ArrayList<>();
    Random order = new Random(sizes.hashCode());
    int restarts = 0;
    double previousIncumbent = Double.NaN;
    int attempts = 0;
    while (rounds.size() < s.contestRounds() && attempts < s.contestRounds() * 3) {
      attempts++;
      double[] round = round(sizes, order);
      if (round == null) {
        break;
      }
      double incumbent = round[0];
      if (Double.isFinite(previousIncumbent)
          && Math.abs(incumbent / previousIncumbent - 1) > 2 * candidates.margin()
          && restarts < s.maxRestarts()) {
        restarts++;
        rounds.clear();
      }
      previousIncumbent = incumbent;
      rounds.add(round);
    }
    if (rounds.isEmpty()) {
      return new Result(best, sizes, 0, restarts);
    }
    int winner = 0;
    double winning = Double.POSITIVE_INFINITY;
    for (int i = 0; i < sizes.size(); i++) {
      List<Double> relative = new ArrayList<>();
      for (double[] round : rounds) {
        relative.add(round[i] / mean(round));
      }
      double median = WindowStats.median(relative);
      if (median < winning) {
        winning = median;
        winner = i;
      }
    }
    return new Result(candidates.all().get(sizes.get(winner)), sizes, rounds.size(), restarts);
  }

  /** One round: every size once, in a shuffled order; null when the budget ran out. */
  private double[] round(List<Integer> sizes, Random order) {
    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < sizes.size(); i++) {
      indices.add(i);
    }
    Collections.shuffle(indices, order);
    double[] times = new double[sizes.size()];
    for (int i : indices) {
      Measurement m = candidates.remeasure(sizes.get(i), "contest");
      if (m == null || !m.feasible()) {
        return null;
      }
      times[i] = m.perExampleSeconds();
    }
    return times;
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
