package org.trainer4j.extensions.minibatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.trainer4j.extensions.minibatch.goodput.StepTime;
import org.trainer4j.extensions.minibatch.goodput.StepTimeModel;

/** The step times a goodput search fits its line to: those it knew and those it timed. */
final class GoodputPoints {

  private GoodputPoints() {}

  /** The known step times of sizes the bounds (memory, user) still allow. */
  static List<StepTime> within(List<StepTime> known, Prober prober) {
    return known.stream()
        .filter(p -> p.batchSize() >= prober.minBatchSize())
        .filter(p -> p.batchSize() <= prober.maxBatchSize())
        .toList();
  }

  /** Measured and known step times by size, ascending; a size timed now replaces a known one. */
  static List<StepTime> of(List<StepTime> known, Candidates candidates, Prober prober) {
    TreeMap<Integer, StepTime> bySize = new TreeMap<>();
    for (StepTime p : within(known, prober)) {
      bySize.put(p.batchSize(), p);
    }
    for (Map.Entry<Integer, Measurement> e : candidates.all().entrySet()) {
      Measurement m = e.getValue();
      if (m.feasible() && m.stepSeconds() > 0 && Double.isFinite(m.stepSeconds())) {
        bySize.put(e.getKey(), new StepTime(e.getKey(), m.stepSeconds()));
      }
    }
    return new ArrayList<>(bySize.values());
  }

  /**
   * Of {@code points}, those an earlier search's probes timed: known, not training's, and not timed
   * again by this search (whose own timings and training's are the current condition).
   */
  static List<StepTime> earlierProbes(List<StepTime> points, Candidates candidates) {
    return points.stream()
        .filter(p -> !p.fromTraining())
        .filter(p -> !candidates.all().containsKey(p.batchSize()))
        .toList();
  }

  /**
   * Of {@code known}, the probes that training's own step times contradict: once training has timed
   * two or more sizes, those its line misses by more than {@link GoodputChoice#MAX_RESIDUAL}.
   * Training times hundreds of steps in its steady state; a probe a few, and the first search's
   * right after the JVM started, often beside other work. On the full-data MLP a first search timed
   * 64 at 1.8x its true step; training then timed 32 and 128, the line through all three missed a
   * step by 50 %, and every later re-estimate, with no budget left to time anything, kept 128 (26 s
   * to the target against about 5 s at the best sizes). Empty while training has timed fewer than
   * two sizes: one point fixes no line to hold a probe to, and {@link
   * StepTimeModel#fitAcrossConditions} scales the probes to it instead.
   */
  static List<StepTime> contradictedByTraining(List<StepTime> known) {
    List<StepTime> trained = known.stream().filter(StepTime::fromTraining).toList();
    if (distinctSizes(trained) < 2) {
      return List.of();
    }
    StepTimeModel line = StepTimeModel.fit(trained);
    return known.stream()
        .filter(p -> !p.fromTraining())
        .filter(
            p ->
                Math.abs(line.seconds(p.batchSize()) - p.seconds()) / p.seconds()
                    > GoodputChoice.MAX_RESIDUAL)
        .toList();
  }

  /**
   * The step-time line through {@code points} (ascending, at least one), of which those in {@code
   * earlierProbes} an earlier search timed. Once training has timed two sizes the probes left after
   * {@link #contradictedByTraining} agree with it and are fitted as they are; before, the earlier
   * probes are scaled to the current times ({@link StepTimeModel#fitAcrossConditions}). One size
   * only: its time is all there is, taken as proportional to the size.
   */
  static StepTimeModel line(List<StepTime> points, List<StepTime> earlierProbes) {
    if (points.size() < 2) {
      return new StepTimeModel(0, points.get(0).seconds() / points.get(0).batchSize(), 0);
    }
    if (distinctSizes(points.stream().filter(StepTime::fromTraining).toList()) >= 2) {
      return StepTimeModel.fit(points);
    }
    List<StepTime> current = points.stream().filter(p -> !earlierProbes.contains(p)).toList();
    return StepTimeModel.fitAcrossConditions(current, earlierProbes);
  }

  /** What a search's detail says of the probes it dropped ({@link #contradictedByTraining}). */
  static String droppedNote(List<StepTime> dropped) {
    return dropped.isEmpty()
        ? ""
        : String.format(
            "; dropped the earlier probes' step times at %s, which training's line misses by more"
                + " than %.0f %%",
            dropped.stream().map(StepTime::batchSize).toList(), 100 * GoodputChoice.MAX_RESIDUAL);
  }

  /**
   * What a search's detail says of the step times its line was fitted to ({@code points},
   * ascending): each size's seconds and whether training or a probe timed it, so that a choice the
   * line made can be checked against the times it rested on.
   */
  static String fittedNote(List<StepTime> points) {
    return points.isEmpty()
        ? ""
        : "; fitted step times "
            + points.stream()
                .map(
                    p ->
                        String.format(
                            "%d: %.3g s (%s)",
                            p.batchSize(), p.seconds(), p.fromTraining() ? "training" : "probe"))
                .collect(Collectors.joining(", "));
  }

  private static long distinctSizes(List<StepTime> times) {
    return times.stream().mapToInt(StepTime::batchSize).distinct().count();
  }

  /** The known step time training measured at {@code size}, or null. */
  static StepTime trainedAt(List<StepTime> known, int size) {
    return known.stream()
        .filter(p -> p.fromTraining() && p.batchSize() == size)
        .findFirst()
        .orElse(null);
  }
}
