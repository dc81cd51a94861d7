package org.trainer4j.extensions.minibatch;

import org.trainer4j.training.Updater;

/**
 * A rule that searches the minibatch size by running training steps and measuring them. {@link
 * MinibatchSizeOptimizer} runs a strategy on a copy of the model and restores everything
 * afterwards; calling {@link #apply(Updater)} directly trains the updater's own model.
 */
public interface MinibatchSizeStrategy {

  /** A short name for logs and result files, e.g. {@code "GpuUsageMaximize"}. */
  default String name() {
    return getClass().getSimpleName();
  }

  /** Searches with everything injected: probe runner, clock, bounds, memory gauge, budget. */
  SearchResult search(SearchContext context);

  /**
   * Searches by training with {@code updater} (the seed paper's {@code apply}), starting from its
   * iterator's batch size. Leaves the updater's iterator, iteration count and model changed.
   */
  default SearchResult apply(Updater updater) {
    return search(SearchContext.forUpdater(updater).build());
  }
}
