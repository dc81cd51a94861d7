package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a minibatch-size search with its whole trace. A failed search (exception, or no
 * feasible measurement) chooses the initial size and says why in {@code detail}.
 *
 * @param strategy the strategy's name
 * @param initialBatchSize the size the search started from (the iterator's size)
 * @param chosenBatchSize the size to train with
 * @param steps every loop, in order
 * @param stopReason why the search ended
 * @param detail human-readable explanation of the stop, the failure, or the device used
 * @param probeSeconds wall time of the whole search
 * @param datasetSize examples per epoch, used for the epoch-time estimates
 */
public record SearchResult(
    String strategy,
    int initialBatchSize,
    int chosenBatchSize,
    List<SearchStep> steps,
    StopReason stopReason,
    String detail,
    double probeSeconds,
    int datasetSize) {

  public SearchResult {
    Preconditions.checkNotNull(strategy, "strategy");
    Preconditions.checkArgument(
        initialBatchSize > 0, "initialBatchSize must be positive: %s", initialBatchSize);
    Preconditions.checkArgument(
        chosenBatchSize > 0, "chosenBatchSize must be positive: %s", chosenBatchSize);
    Preconditions.checkNotNull(stopReason, "stopReason");
    steps = List.copyOf(steps);
    detail = detail == null ? "" : detail;
  }

  /**
   * This search's trace with {@code size} chosen instead, for {@code reason}, as {@code detail}
   * says.
   */
  SearchResult choosing(int size, StopReason reason, String detail) {
    return new SearchResult(
        strategy, initialBatchSize, size, steps, reason, detail, probeSeconds, datasetSize);
  }

  /** A search that produced nothing usable: training keeps {@code initialBatchSize}. */
  public static SearchResult failed(
      String strategy,
      int initialBatchSize,
      List<SearchStep> steps,
      String why,
      double probeSeconds,
      int datasetSize) {
    return new SearchResult(
        strategy,
        initialBatchSize,
        initialBatchSize,
        steps,
        StopReason.FAILED,
        why,
        probeSeconds,
        datasetSize);
  }

  /** Number of loops run (feasible or not). */
  public int loops() {
    return steps.size();
  }

  /** True unless the search failed; a failed search keeps the initial size. */
  public boolean succeeded() {
    return stopReason != StopReason.FAILED;
  }

  /** The feasible loop with the lowest estimated epoch time, if any. */
  public Optional<SearchStep> fastestStep() {
    return steps.stream()
        .filter(s -> !s.infeasible() && Double.isFinite(s.epochSeconds()))
        .min(Comparator.comparingDouble(SearchStep::epochSeconds));
  }

  /** The last loop that measured {@code chosenBatchSize} feasibly, if any. */
  public Optional<SearchStep> chosenStep() {
    SearchStep found = null;
    for (SearchStep s : steps) {
      if (s.batchSize() == chosenBatchSize && !s.infeasible()) {
        found = s;
      }
    }
    return Optional.ofNullable(found);
  }
}
