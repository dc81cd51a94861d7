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
 * @param ticker the clock probes and the budget are timed with
 * @param runQueueWait how long the probing thread waited for a CPU, left out of probe step times
 *     (never out of the budget, which is wall-clock time)
 */
public record SearchSettings(
    int minBatchSize,
    int maxBatchSize,
    MemoryGauge memoryGauge,
    double memoryReserve,
    Budget budget,
    Ticker ticker,
    RunQueueWait runQueueWait) {

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
    Preconditions.checkNotNull(runQueueWait, "runQueueWait");
  }

  /**
   * Sizes from 1 to the dataset size, JavaCPP's host memory limits with 20 % kept in reserve,
   * {@link Budget#DEFAULT}, the system clock, step times without the kernel's run-queue wait where
   * it counts one ({@link RunQueueWait#ofCallingThread}).
   */
  public static SearchSettings defaults() {
    return new SearchSettings(
        1,
        Integer.MAX_VALUE,
        MemoryGauge.host(),
        0.2,
        Budget.DEFAULT,
        Ticker.systemTicker(),
        RunQueueWait.ofCallingThread());
  }

  /** This with another smallest size; a largest size below it is raised to it. */
  public SearchSettings withMinBatchSize(int min) {
    Preconditions.checkArgument(min > 0, "minBatchSize must be positive: %s", min);
    return new SearchSettings(
        min, Math.max(min, maxBatchSize), memoryGauge, memoryReserve, budget, ticker, runQueueWait);
  }

  /** This with another largest size; a smallest size above it is lowered to it. */
  public SearchSettings withMaxBatchSize(int max) {
    Preconditions.checkArgument(max > 0, "maxBatchSize must be positive: %s", max);
    return new SearchSettings(
        Math.min(minBatchSize, max), max, memoryGauge, memoryReserve, budget, ticker, runQueueWait);
  }

  public SearchSettings withMemoryGauge(MemoryGauge gauge) {
    return new SearchSettings(
        minBatchSize, maxBatchSize, gauge, memoryReserve, budget, ticker, runQueueWait);
  }

  public SearchSettings withMemoryReserve(double reserve) {
    return new SearchSettings(
        minBatchSize, maxBatchSize, memoryGauge, reserve, budget, ticker, runQueueWait);
  }

  public SearchSettings withBudget(Budget newBudget) {
    return new SearchSettings(
        minBatchSize, maxBatchSize, memoryGauge, memoryReserve, newBudget, ticker, runQueueWait);
  }

  /**
   * This with another clock, and no run-queue wait: the kernel's wait is real time, which a custom
   * clock (a test's fake one) does not count ({@link #withRunQueueWait} sets one to go with it).
   */
  public SearchSettings withTicker(Ticker newTicker) {
    return new SearchSettings(
        minBatchSize,
        maxBatchSize,
        memoryGauge,
        memoryReserve,
        budget,
        newTicker,
        RunQueueWait.NONE);
  }

  /**
   * The wait a job of {@code processes} leaves out of its probe step times: none with more than
   * one. A step there waits in its collectives for the slowest process, and Open MPI polls while it
   * waits, so a poller the kernel put off the CPU was waiting for a late peer, not for another
   * load: left out, that wait took a peer 40 ms late at every step for an 8 ms-faster step ({@code
   * MinibatchSearchMpiTest}).
   */
  RunQueueWait runQueueWaitFor(int processes) {
    return processes > 1 ? RunQueueWait.NONE : runQueueWait;
  }

  public SearchSettings withRunQueueWait(RunQueueWait wait) {
    return new SearchSettings(
        minBatchSize, maxBatchSize, memoryGauge, memoryReserve, budget, ticker, wait);
  }
}
