package org.trainer4j.extensions.minibatch;

/**
 * A rule that searches the minibatch size by running timed training steps ({@link
 * SearchContext#runner()}) and measuring them. {@link MinibatchSizeOptimizer} hands it a {@link
 * ProbeRun} over copies, so the strategy never sees the live training objects.
 */
public interface MinibatchSizeStrategy {

  /** A short name for logs and result files, e.g. {@code "GpuUsageMaximize"}. */
  default String name() {
    return getClass().getSimpleName();
  }

  /** Searches with everything injected (the seed paper's {@code strategy.apply}). */
  SearchResult apply(SearchContext context);
}
