package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import com.google.common.base.Ticker;

/**
 * What every search is bounded by, whichever strategy runs: the size range, the memory gauge and
 * the share of its limit kept in reserve, the time budget and the clock. {@link
 * MinibatchSizeOptimizer} and {@link SearchContext} both carry this one value, so the options are
 * declared once.
 *
 * @param minBatchSize smallest size to try (clamped to the dataset size)
 * @param maxBatchSize largest size to try (clamped to the dataset size)
 * @param memoryGauge where the memory ceiling comes from
 * @param memoryReserve share of the memory limit kept free for evaluation and snapshots, in [0, 1)
 * @param budget how long probing may take
 * @param ticker the clock probes are timed with
 */
public record SearchSettings(
    int minBatchSize,
    int maxBatchSize,
    MemoryGauge memoryGauge,
    double memoryReserve,
    Budget budget,
    Ticker ticker) {

  public SearchSettings {
    Preconditions.checkArgument(
        minBatchSize > 0, "minBatchSize must be positive: %s", minBatchSize);
    Preconditions.checkArgument(
        maxBatchSize >= minBatchSize,
        "maxBatchSize %s must not be below minBatchSize %s",
        maxBatchSize,
        minBatchSize);
    Preconditions.checkNotNull(memoryGauge, "memoryGauge");
    Preconditions.checkArgument(
        memoryReserve >= 0 && memoryReserve < 1,
        "memoryReserve must be in [0, 1): %s",
        memoryReserve);
    Preconditions.checkNotNull(budget, "budget");
    Preconditions.checkNotNull(ticker, "ticker");
  }

  /**
   * Sizes from 1 to the dataset size, JavaCPP's host memory limits with 20 % kept in reserve,
   * {@link Budget#DEFAULT}, the system clock.
   */
  public static SearchSettings defaults() {
    return new SearchSettings(
        1, Integer.MAX_VALUE, MemoryGauge.host(), 0.2, Budget.DEFAULT, Ticker.systemTicker());
  }

  /** This with another smallest size; a largest size below it is raised to it. */
  public SearchSettings withMinBatchSize(int min) {
    Preconditions.checkArgument(min > 0, "minBatchSize must be positive: %s", min);
    return new SearchSettings(
        min, Math.max(min, maxBatchSize), memoryGauge, memoryReserve, budget, ticker);
  }

  /** This with another largest size; a smallest size above it is lowered to it. */
  public SearchSettings withMaxBatchSize(int max) {
    Preconditions.checkArgument(max > 0, "maxBatchSize must be positive: %s", max);
    return new SearchSettings(
        Math.min(minBatchSize, max), max, memoryGauge, memoryReserve, budget, ticker);
  }

  public SearchSettings withMemoryGauge(MemoryGauge gauge) {
    return new SearchSettings(minBatchSize, maxBatchSize, gauge, memoryReserve, budget, ticker);
  }

  public SearchSettings withMemoryReserve(double reserve) {
    return new SearchSettings(minBatchSize, maxBatchSize, memoryGauge, reserve, budget, ticker);
  }

  public SearchSettings withBudget(Budget newBudget) {
    return new SearchSettings(
        minBatchSize, maxBatchSize, memoryGauge, memoryReserve, newBudget, ticker);
  }

  public SearchSettings withTicker(Ticker newTicker) {
    return new SearchSettings(
        minBatchSize, maxBatchSize, memoryGauge, memoryReserve, budget, newTicker);
  }
}
