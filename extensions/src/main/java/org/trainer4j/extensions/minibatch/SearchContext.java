package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import com.google.common.base.Ticker;
import org.trainer4j.iterators.BatchIterator;
import org.trainer4j.training.Updater;

/**
 * What a strategy needs to search: how to run steps at a size ({@link ProbeRunner}), a clock, the
 * start size, the dataset size (for epoch-time estimates), the allowed range, a memory gauge with a
 * safety margin, and a probing budget in seconds. Everything is injectable, so strategies are
 * tested against simulated cost curves with a fake clock.
 */
public final class SearchContext {

  private final ProbeRunner runner;
  private final Ticker ticker;
  private final int initialBatchSize;
  private final int datasetSize;
  private final int minBatchSize;
  private final int maxBatchSize;
  private final MemoryGauge memoryGauge;
  private final double memorySafetyMargin;
  private final double budgetSeconds;

  private SearchContext(Builder b) {
    this.runner = b.runner;
    this.ticker = b.ticker;
    this.initialBatchSize = b.initialBatchSize;
    this.datasetSize = b.datasetSize;
    this.minBatchSize = b.minBatchSize;
    this.maxBatchSize = b.maxBatchSize == 0 ? b.datasetSize : b.maxBatchSize;
    this.memoryGauge = b.memoryGauge;
    this.memorySafetyMargin = b.memorySafetyMargin;
    this.budgetSeconds = b.budgetSeconds;
    Preconditions.checkArgument(
        minBatchSize <= maxBatchSize,
        "minBatchSize %s must not exceed maxBatchSize %s",
        minBatchSize,
        maxBatchSize);
  }

  /**
   * A builder whose steps are {@code runner}'s, starting from {@code initialBatchSize}, with epochs
   * of {@code datasetSize} examples. Defaults: system clock, sizes 1 to the dataset size, no memory
   * limit, margin 0.2, no budget.
   */
  public static Builder builder(ProbeRunner runner, int initialBatchSize, int datasetSize) {
    return new Builder(runner, initialBatchSize, datasetSize);
  }

  /**
   * A builder that probes with {@code updater}'s own steps, starting from its main iterator's batch
   * size, with JavaCPP's host memory limits as the ceiling.
   */
  public static Builder forUpdater(Updater updater) {
    Preconditions.checkNotNull(updater, "updater");
    BatchIterator it = updater.getIterator();
    return builder(
            new UpdaterProbeRunner(updater, Ticker.systemTicker()),
            it.getBatchSize(),
            it.getDataset().size())
        .memoryGauge(MemoryGauge.host());
  }

  public ProbeRunner runner() {
    return runner;
  }

  public Ticker ticker() {
    return ticker;
  }

  public int initialBatchSize() {
    return initialBatchSize;
  }

  public int datasetSize() {
    return datasetSize;
  }

  public int minBatchSize() {
    return minBatchSize;
  }

  public int maxBatchSize() {
    return maxBatchSize;
  }

  public MemoryGauge memoryGauge() {
    return memoryGauge;
  }

  /** Fraction of the memory limit kept free: sizes predicted to use more are refused. */
  public double memorySafetyMargin() {
    return memorySafetyMargin;
  }

  /** Seconds the whole search may take; no new loop starts after that. */
  public double budgetSeconds() {
    return budgetSeconds;
  }

  /** Builds a {@link SearchContext}. */
  public static final class Builder {
    private ProbeRunner runner;
    private Ticker ticker = Ticker.systemTicker();
    private final int initialBatchSize;
    private final int datasetSize;
    private int minBatchSize = 1;
    private int maxBatchSize;
    private MemoryGauge memoryGauge = MemoryGauge.unbounded();
    private double memorySafetyMargin = 0.2;
    private double budgetSeconds = Double.POSITIVE_INFINITY;

    private Builder(ProbeRunner runner, int initialBatchSize, int datasetSize) {
      this.runner = Preconditions.checkNotNull(runner, "runner");
      Preconditions.checkArgument(
          initialBatchSize > 0, "initialBatchSize must be positive: %s", initialBatchSize);
      Preconditions.checkArgument(datasetSize > 0, "datasetSize must be positive: %s", datasetSize);
      this.initialBatchSize = initialBatchSize;
      this.datasetSize = datasetSize;
    }

    public Builder runner(ProbeRunner runner) {
      this.runner = Preconditions.checkNotNull(runner, "runner");
      return this;
    }

    public Builder ticker(Ticker ticker) {
      this.ticker = Preconditions.checkNotNull(ticker, "ticker");
      return this;
    }

    /** Smallest size to try (default 1). */
    public Builder minBatchSize(int min) {
      Preconditions.checkArgument(min > 0, "minBatchSize must be positive: %s", min);
      this.minBatchSize = min;
      return this;
    }

    /** Largest size to try (default: the dataset size). */
    public Builder maxBatchSize(int max) {
      Preconditions.checkArgument(max > 0, "maxBatchSize must be positive: %s", max);
      this.maxBatchSize = max;
      return this;
    }

    public Builder memoryGauge(MemoryGauge gauge) {
      this.memoryGauge = Preconditions.checkNotNull(gauge, "memoryGauge");
      return this;
    }

    /** Fraction of the memory limit to keep free, in [0, 1) (default 0.2). */
    public Builder memorySafetyMargin(double margin) {
      Preconditions.checkArgument(
          margin >= 0 && margin < 1, "memorySafetyMargin must be in [0, 1): %s", margin);
      this.memorySafetyMargin = margin;
      return this;
    }

    /** Seconds the search may take (default: unlimited). */
    public Builder budgetSeconds(double seconds) {
      Preconditions.checkArgument(seconds > 0, "budgetSeconds must be positive: %s", seconds);
      this.budgetSeconds = seconds;
      return this;
    }

    public SearchContext build() {
      return new SearchContext(this);
    }
  }
}
