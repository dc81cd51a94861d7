package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import com.google.common.base.Ticker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.extensions.schedule.Shift;
import org.trainer4j.iterators.BatchIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Priority;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.Updater;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * The seed paper's Listing 1: before the first training iteration, search the minibatch size with a
 * {@link MinibatchSizeStrategy} on a copy of the model, put back everything the search touched,
 * then set the chosen size on the main iterator. Training then starts at iteration 0 exactly as
 * without the search, except for the batch size (and the learning rate, if an {@link LrScaling} is
 * configured).
 *
 * <pre>{@code
 * trainer.extend(new MinibatchSizeOptimizer(ThroughputMaximize.create()));
 * trainer.run();
 * }</pre>
 *
 * <p>The search runs once: the result is part of the extension's state, and a run resumed from a
 * snapshot (iteration > 0) does not search again. A failed search keeps the original size and logs
 * why. Outputs: observations {@code minibatch/size}, {@code minibatch/initial_size}, {@code
 * minibatch/probe_seconds}, {@code minibatch/loops}, {@code minibatch/lr_factor} and {@code
 * minibatch/failed}; {@code minibatch_search.json}, {@code .csv} and PNG plots in the trainer's
 * output directory.
 */
public final class MinibatchSizeOptimizer implements Extension {

  private static final Logger log = LoggerFactory.getLogger(MinibatchSizeOptimizer.class);

  private final MinibatchSizeStrategy strategy;
  private final int minBatchSize;
  private final int maxBatchSize;
  private final MemoryGauge memoryGauge;
  private final double memorySafetyMargin;
  private final double budgetSeconds;
  private final LrScaling lrScaling;
  private final boolean writeFiles;
  private final Ticker ticker;
  private final UnaryOperator<ProbeRunner> runnerDecorator;
  private final boolean releaseWorkspaces;

  private boolean done;
  private int initialBatchSize;
  private int chosenBatchSize;
  private double lrFactor = 1.0;
  private double probeSeconds;
  private String stopReason = "";
  private SearchResult result;

  /** Searches with {@code strategy} and the default settings (see {@link #builder}). */
  public MinibatchSizeOptimizer(MinibatchSizeStrategy strategy) {
    this(builder(strategy));
  }

  private MinibatchSizeOptimizer(Builder b) {
    this.strategy = b.strategy;
    this.minBatchSize = b.minBatchSize;
    this.maxBatchSize = b.maxBatchSize;
    this.memoryGauge = b.memoryGauge;
    this.memorySafetyMargin = b.memorySafetyMargin;
    this.budgetSeconds = b.budgetSeconds;
    this.lrScaling = b.lrScaling;
    this.writeFiles = b.writeFiles;
    this.ticker = b.ticker;
    this.runnerDecorator = b.runnerDecorator;
    this.releaseWorkspaces = b.releaseWorkspaces;
  }

  /**
   * Defaults: sizes from 1 to the dataset size, host memory ceiling (JavaCPP limits) with a 20 %
   * margin, no time budget beyond the strategy's own, no learning-rate scaling, result files on.
   */
  public static Builder builder(MinibatchSizeStrategy strategy) {
    return new Builder(strategy);
  }

  @Override
  public boolean callBeforeTraining() {
    return true;
  }

  /**
   * Every iteration: the search itself runs only before the first iteration, and later calls put
   * the {@code minibatch/*} figures into each iteration's observation so that LogReport (which
   * averages over its interval) records them.
   */
  @Override
  public Trigger defaultTrigger() {
    return IntervalTrigger.iterations(1);
  }

  /** Runs before other before-training extensions, so that they see the tuned size. */
  @Override
  public int defaultPriority() {
    return Priority.WRITER;
  }

  @Override
  public String defaultName() {
    return "MinibatchSizeOptimizer";
  }

  /** True once the search has run (in this run or in the run a snapshot came from). */
  public boolean isDone() {
    return done;
  }

  /** The size training uses after the search, or 0 before it. */
  public int chosenBatchSize() {
    return chosenBatchSize;
  }

  /** The search result of this run, or null if none ran in this process. */
  public SearchResult result() {
    return result;
  }

  public MinibatchSizeStrategy strategy() {
    return strategy;
  }

  @Override
  public void call(Trainer trainer) {
    if (done) {
      report(trainer);
      return;
    }
    Updater updater = trainer.getUpdater();
    if (updater.getIteration() > 0) {
      // Resumed from a state without a recorded search: searching now would disturb a run that
      // is under way, so keep the size it trains with.
      done = true;
      initialBatchSize = updater.getIterator().getBatchSize();
      chosenBatchSize = initialBatchSize;
      log.warn(
          "training is at iteration {} with no recorded minibatch search; keeping batch size {}",
          updater.getIteration(),
          chosenBatchSize);
      report(trainer);
      return;
    }
    Optimizer optimizer = updater.getOptimizer();
    BatchIterator iterator = updater.getIterator();
    TrainingStateGuard saved = TrainingStateGuard.capture(trainer);
    initialBatchSize = saved.batchSize();
    long start = ticker.read();
    SearchResult searched;
    try {
      Model copy = saved.model().copy(); // Listing 1: probing trains a copy, never the model
      copy.setTraining(true);
      optimizer.setup(copy);
      searched = strategy.search(context(updater, iterator));
    } catch (RuntimeException | OutOfMemoryError e) {
      searched =
          SearchResult.failed(
              strategy.name(),
              initialBatchSize,
              List.of(),
              "search threw " + OutOfMemoryDetector.describe(e),
              (ticker.read() - start) / 1e9,
              iterator.getDataset().size());
      log.warn("minibatch-size search failed: {}", e.toString(), e);
    } finally {
      saved.restore();
      releaseWorkspaces();
    }
    apply(searched, optimizer, iterator, saved.learningRate());
    rescaleLrSchedules(trainer, optimizer);
    report(trainer);
    if (writeFiles) {
      writeOutputs(trainer.getOutDir());
    }
  }

  private SearchContext context(Updater updater, BatchIterator iterator) {
    ProbeRunner runner = runnerDecorator.apply(new UpdaterProbeRunner(updater, ticker));
    int datasetSize = iterator.getDataset().size();
    SearchContext.Builder b =
        SearchContext.builder(runner, initialBatchSize, datasetSize)
            .ticker(ticker)
            .minBatchSize(Math.min(minBatchSize, datasetSize))
            .maxBatchSize(Math.max(1, Math.min(maxBatchSize, datasetSize)))
            .memoryGauge(memoryGauge)
            .memorySafetyMargin(memorySafetyMargin);
    if (Double.isFinite(budgetSeconds)) {
      b.budgetSeconds(budgetSeconds);
    }
    return b.build();
  }

  private void apply(
      SearchResult searched, Optimizer optimizer, BatchIterator iterator, double lr) {
    result = searched;
    done = true;
    probeSeconds = searched.probeSeconds();
    stopReason = searched.stopReason().name();
    if (!searched.succeeded()) {
      chosenBatchSize = initialBatchSize;
      lrFactor = 1.0;
      log.warn(
          "minibatch-size search by {} failed after {} loops ({}); keeping batch size {}",
          searched.strategy(),
          searched.loops(),
          searched.detail(),
          initialBatchSize);
      return;
    }
    chosenBatchSize = searched.chosenBatchSize();
    lrFactor = lrScaling.factor(initialBatchSize, chosenBatchSize);
    if (lrFactor != 1.0) {
      optimizer.setLearningRate(lr * lrFactor);
    }
    iterator.setBatchSize(chosenBatchSize);
    log.info(
        "minibatch size {} -> {} by {} in {} loops, {} s of probing ({}: {}){}",
        initialBatchSize,
        chosenBatchSize,
        searched.strategy(),
        searched.loops(),
        String.format("%.2f", probeSeconds),
        stopReason,
        searched.detail(),
        lrFactor != 1.0 ? String.format("; learning rate x %.4g (%s)", lrFactor, lrScaling) : "");
  }

  /**
   * A learning-rate schedule took its starting rate at {@code initialize}, before the search; it
   * follows the scaled rate instead of setting the unscaled one back at its first call.
   */
  private void rescaleLrSchedules(Trainer trainer, Optimizer optimizer) {
    if (lrFactor == 1.0) {
      return;
    }
    for (Trainer.ExtensionEntry entry : trainer.extensionEntries()) {
      if (entry.extension() instanceof Shift shift
          && shift.attr().equals(Optimizer.LR)
          && trainer.getUpdater().getOptimizer(shift.optimizerName()) == optimizer) {
        shift.rescale(lrFactor);
        log.info("{} follows the learning rate scaled by {}", entry.name(), lrFactor);
      }
    }
  }

  private void report(Trainer trainer) {
    Map<String, Double> obs = trainer.getObservation();
    obs.put("minibatch/size", (double) chosenBatchSize);
    obs.put("minibatch/initial_size", (double) initialBatchSize);
    obs.put("minibatch/probe_seconds", probeSeconds);
    obs.put("minibatch/loops", (double) (result == null ? 0 : result.loops()));
    obs.put("minibatch/lr_factor", lrFactor);
    obs.put("minibatch/failed", result != null && result.succeeded() ? 0.0 : 1.0);
  }

  private void writeOutputs(Path outDir) {
    try {
      SearchResultFiles.write(result, lrScaling, lrFactor, outDir);
      SearchPlots.write(result, outDir);
    } catch (RuntimeException e) {
      log.warn("could not write the minibatch search results to {}: {}", outDir, e.toString());
    }
  }

  private void releaseWorkspaces() {
    if (!releaseWorkspaces) {
      return;
    }
    try {
      // Probing at large sizes leaves this thread's workspaces sized for them.
      Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    } catch (RuntimeException e) {
      log.debug("could not release workspaces after the search: {}", e.toString());
    }
  }

  /** Saves or loads whether the search ran and what it chose, so a resumed run keeps it. */
  @Override
  public void serialize(Serializer s) {
    done = s.serializeBoolean("done", done);
    initialBatchSize = s.serializeInt("initial_batch_size", initialBatchSize);
    chosenBatchSize = s.serializeInt("chosen_batch_size", chosenBatchSize);
    lrFactor = s.serializeDouble("lr_factor", lrFactor);
    probeSeconds = s.serializeDouble("probe_seconds", probeSeconds);
    stopReason = s.serializeString("stop_reason", stopReason);
  }

  /** Configures a {@link MinibatchSizeOptimizer}. */
  public static final class Builder {
    private final MinibatchSizeStrategy strategy;
    private int minBatchSize = 1;
    private int maxBatchSize = Integer.MAX_VALUE;
    private MemoryGauge memoryGauge = MemoryGauge.host();
    private double memorySafetyMargin = 0.2;
    private double budgetSeconds = Double.POSITIVE_INFINITY;
    private LrScaling lrScaling = LrScaling.NONE;
    private boolean writeFiles = true;
    private Ticker ticker = Ticker.systemTicker();
    private UnaryOperator<ProbeRunner> runnerDecorator = UnaryOperator.identity();
    private boolean releaseWorkspaces = true;

    private Builder(MinibatchSizeStrategy strategy) {
      this.strategy = Preconditions.checkNotNull(strategy, "strategy");
    }

    /** Smallest size to consider (default 1). */
    public Builder minBatchSize(int min) {
      Preconditions.checkArgument(min > 0, "minBatchSize must be positive: %s", min);
      this.minBatchSize = min;
      return this;
    }

    /** Largest size to consider (default: the dataset size). */
    public Builder maxBatchSize(int max) {
      Preconditions.checkArgument(max > 0, "maxBatchSize must be positive: %s", max);
      this.maxBatchSize = max;
      return this;
    }

    /** Where the memory ceiling comes from (default: JavaCPP's host limits). */
    public Builder memoryGauge(MemoryGauge gauge) {
      this.memoryGauge = Preconditions.checkNotNull(gauge, "memoryGauge");
      return this;
    }

    /** Fraction of the memory limit kept free (default 0.2). */
    public Builder memorySafetyMargin(double margin) {
      Preconditions.checkArgument(
          margin >= 0 && margin < 1, "memorySafetyMargin must be in [0, 1): %s", margin);
      this.memorySafetyMargin = margin;
      return this;
    }

    /** Seconds the search may take at most (default: the strategy's own limits). */
    public Builder budgetSeconds(double seconds) {
      Preconditions.checkArgument(seconds > 0, "budgetSeconds must be positive: %s", seconds);
      this.budgetSeconds = seconds;
      return this;
    }

    /** How the learning rate follows the new size (default {@link LrScaling#NONE}). */
    public Builder lrScaling(LrScaling scaling) {
      this.lrScaling = Preconditions.checkNotNull(scaling, "lrScaling");
      return this;
    }

    /** Whether to write {@code minibatch_search.json/.csv} and plots (default true). */
    public Builder writeFiles(boolean write) {
      this.writeFiles = write;
      return this;
    }

    /** The clock the probes are timed with (default: the system clock). */
    public Builder ticker(Ticker ticker) {
      this.ticker = Preconditions.checkNotNull(ticker, "ticker");
      return this;
    }

    /**
     * Wraps the probe runner, e.g. to inject failures in tests or to add instrumentation. The
     * wrapped runner trains the model copy through the updater.
     */
    public Builder probeRunnerDecorator(UnaryOperator<ProbeRunner> decorator) {
      this.runnerDecorator = Preconditions.checkNotNull(decorator, "decorator");
      return this;
    }

    /** Whether to free this thread's ND4J workspaces after the search (default true). */
    public Builder releaseWorkspaces(boolean release) {
      this.releaseWorkspaces = release;
      return this;
    }

    public MinibatchSizeOptimizer build() {
      return new MinibatchSizeOptimizer(this);
    }
  }
}
