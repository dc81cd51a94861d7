package org.trainer4j.extensions.minibatch;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Tells {@link GpuUsageMaximize} when its target is out of reach: over the last {@code loops}
 * loops, utilization stayed below the target and rose by at most {@code tolerance} percentage
 * points while the size kept growing and at least doubled.
 */
final class UtilizationPlateau {

  private record Loop(int batchSize, double utilization) {}

  private final double target;
  private final int loops;
  private final double tolerance;
  private final Deque<Loop> recent = new ArrayDeque<>();

  UtilizationPlateau(double target, int loops, double tolerance) {
    this.target = target;
    this.loops = loops;
    this.tolerance = tolerance;
  }

  /** Adds a loop; returns the size where the plateau began if the last loops form one, else 0. */
  int add(int batchSize, double utilization) {
    recent.addLast(new Loop(batchSize, utilization));
    while (recent.size() > loops) {
      recent.removeFirst();
    }
    if (recent.size() < loops) {
      return 0;
    }
    Loop first = recent.peekFirst();
    double lowest = Double.POSITIVE_INFINITY;
    double highest = Double.NEGATIVE_INFINITY;
    int previous = 0;
    for (Loop l : recent) {
      if (l.utilization() >= target || l.batchSize() <= previous) {
        return 0;
      }
      previous = l.batchSize();
      lowest = Math.min(lowest, l.utilization());
      highest = Math.max(highest, l.utilization());
    }
    boolean doubled = recent.peekLast().batchSize() >= 2 * first.batchSize();
    return doubled && highest - lowest <= tolerance ? first.batchSize() : 0;
  }
}
