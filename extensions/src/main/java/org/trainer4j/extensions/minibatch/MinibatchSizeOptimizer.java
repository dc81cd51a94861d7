package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.iterators.BatchIterator;
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
 * {@link MinibatchSizeStrategy} on a {@link ProbeRun} over copies (model, iterator state), which
 * never touches the live trainer, then set the chosen size on the main iterator. Sizes are
 * multiples of the updater's {@link Updater#batchSizeMultiple()} and each probe step is the
 * updater's own step on the copy ({@link Updater#probeStep}); the budget is a share of the training
 * the stop trigger plans ({@link PlannedTraining}). In a multi-process job all members search
 * together ({@link SearchCoordination}: slowest member's step times, rank 0's clock, any member's
 * out-of-memory) and train with rank 0's size. Training then starts at iteration 0 exactly as
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
  private final SearchSettings settings;
  private final LrScaling lrScaling;
  private final boolean writeFiles;
  private final UnaryOperator<ProbeRunner> runnerDecorator;

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
    this.settings = b.settings;
    this.lrScaling = b.lrScaling;
    this.writeFiles = b.writeFiles;
    this.runnerDecorator = b.runnerDecorator;
  }

  /**
   * Defaults: {@link SearchSettings#defaults()} (sizes from 1 to the dataset size, host memory
   * ceiling with 20 % in reserve, 2.5 % of the planned training with a 0.5 s floor), no
   * learning-rate scaling, result files on.
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
    initialBatchSize = iterator.getBatchSize();
    SearchCoordination coordination = SearchCoordination.over(updater.communicator());
    SearchResult searched;
    // Listing 1: copy the model, set up the copy, strategy.apply, restore. The copy is the probe
    // run; closing it restores what probing had to share (dataset draws, random generator).
    try (ProbeRun copy = ProbeRun.over(updater, settings)) {
      searched =
          strategy.apply(
              SearchContext.inJob(
                  trainer, runnerDecorator.apply(copy), settings, initialBatchSize, coordination));
    } catch (RuntimeException | OutOfMemoryError e) {
      searched =
          SearchResult.failed(
              strategy.name(),
              initialBatchSize,
              List.of(),
              "search threw " + OutOfMemoryDetector.describe(e),
              0,
              iterator.getDataset().size());
      log.warn("minibatch-size search failed: {}", e.toString(), e);
    }
    searched = RootDecision.follow(searched, coordination);
    apply(searched, optimizer, iterator, optimizer.getLearningRate());
    PlannedTraining.sizeChangeNote(trainer, initialBatchSize, chosenBatchSize).ifPresent(log::info);
    rescaleLrSchedules(trainer, optimizer);
    report(trainer);
    if (writeFiles && updater.communicator().isRoot()) { // one set of files per job
      SearchResultFiles.writeWithPlots(result, lrScaling.name(), lrFactor, trainer.getOutDir());
    }
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
        "minibatch size {} -> {} by {} in {} loop{}, {} s of probing ({}: {}){}",
        initialBatchSize,
        chosenBatchSize,
        searched.strategy(),
        searched.loops(),
        searched.loops() == 1 ? "" : "s",
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
    for (String name : LrSchedules.rescale(trainer, optimizer, lrFactor)) {
      log.info("{} follows the learning rate scaled by {}", name, lrFactor);
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
    private SearchSettings settings = SearchSettings.defaults();
    private LrScaling lrScaling = LrScaling.NONE;
    private boolean writeFiles = true;
    private UnaryOperator<ProbeRunner> runnerDecorator = UnaryOperator.identity();

    private Builder(MinibatchSizeStrategy strategy) {
      this.strategy = Preconditions.checkNotNull(strategy, "strategy");
    }

    /** Size range, memory, budget and clock (default {@link SearchSettings#defaults()}). */
    public Builder settings(SearchSettings settings) {
      this.settings = Preconditions.checkNotNull(settings, "settings");
      return this;
    }

    /** Shorthand for {@code settings(settings.withBudget(budget))}. */
    public Builder budget(Budget budget) {
      this.settings = settings.withBudget(budget);
      return this;
    }

    /** Shorthand for {@code settings(settings.withMaxBatchSize(max))}. */
    public Builder maxBatchSize(int max) {
      this.settings = settings.withMaxBatchSize(max);
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

    /**
     * Wraps the probe runner, e.g. to inject failures in tests or to add instrumentation. The
     * wrapped runner trains the model copy.
     */
    public Builder probeRunnerDecorator(UnaryOperator<ProbeRunner> decorator) {
      this.runnerDecorator = Preconditions.checkNotNull(decorator, "decorator");
      return this;
    }

    public MinibatchSizeOptimizer build() {
      return new MinibatchSizeOptimizer(this);
    }
  }
}
