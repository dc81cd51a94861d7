package org.trainer4j.extensions.minibatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last safeguard of a multi-process search: the size every member trains with is rank 0's. The
 * coordinated search already ends alike on every member; should it not (a bug, a strategy reading
 * local state), the members still train in lockstep instead of diverging or hanging.
 */
final class RootDecision {

  private static final Logger log = LoggerFactory.getLogger(RootDecision.class);

  private RootDecision() {}

  /** {@code local}, or rank 0's outcome (success and chosen size) where it differs. */
  static SearchResult follow(SearchResult local, SearchCoordination coordination) {
    double[] root =
        coordination.rootValues(new double[] {local.succeeded() ? 1 : 0, local.chosenBatchSize()});
    boolean rootSucceeded = root[0] > 0;
    int rootChosen = (int) root[1];
    if (rootSucceeded == local.succeeded() && rootChosen == local.chosenBatchSize()) {
      return local;
    }
    log.warn(
        "this member's search ended with {} ({}), rank 0's with {} ({}); following rank 0",
        local.chosenBatchSize(),
        local.succeeded() ? "succeeded" : "failed",
        rootChosen,
        rootSucceeded ? "succeeded" : "failed");
    String detail = "rank 0's decision; this member's: " + local.detail();
    return rootSucceeded
        ? local.choosing(
            rootChosen, local.succeeded() ? local.stopReason() : StopReason.CONVERGED, detail)
        : SearchResult.failed(
            local.strategy(),
            local.initialBatchSize(),
            local.steps(),
            detail,
            local.probeSeconds(),
            local.datasetSize());
  }
}
