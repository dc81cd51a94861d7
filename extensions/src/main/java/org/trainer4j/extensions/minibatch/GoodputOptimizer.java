package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.extensions.minibatch.goodput.GoodputEstimate;
import org.trainer4j.extensions.minibatch.goodput.GoodputFiles;
import org.trainer4j.extensions.minibatch.goodput.GradientNoise;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.extensions.minibatch.goodput.SmoothedGradientNoise;
import org.trainer4j.extensions.minibatch.goodput.StepTime;
import org.trainer4j.extensions.schedule.Shift;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Priority;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.Updater;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * Trains at the goodput-optimal batch size ({@link GoodputMaximize}) with the learning rate
 * following it by an {@link LrRule}: searches before the first iteration on a {@link ProbeRun} over
 * copies, and in adaptive mode estimates again every {@code N} epochs, because the gradient noise
 * scale grows as the loss falls. A re-estimate reuses the step times measured so far ({@link
 * GoodputMaximize#reestimate}), timing a size only when the argmax leaves them, so it costs its
 * noise estimates, or less with training's own gradients ({@link Builder#trainingGradients}). A
 * pick past the sizes timed is checked once training has timed it ({@link ReestimateSchedule});
 * with {@link Builder#exploreInTraining} only training times sizes. Learning-rate factors are
 * relative to the rate at the initial size and applied through {@link Shift#rescale}, so schedules
 * keep their shape and resizes do not compound. In a multi-process job every rank searches with the
 * others ({@link SearchCoordination}: the slowest rank's step times, rank 0's clock and noise
 * estimates) and trains with rank 0's size; rank 0 writes the files.
 *
 * <pre>{@code
 * trainer.extend(GoodputOptimizer.builder().lrRule(LrRule.ADASCALE).everyEpochs(1).build());
 * }</pre>
 *
 * <p>Its state (sizes, factor, smoothed gradient statistics, the history of estimates) is in the
 * snapshot: a resumed run continues exactly. Observations under {@code minibatch/}: {@code size},
 * {@code gns}, {@code gns_error}, {@code efficiency}, {@code goodput}, {@code lr_factor}, {@code
 * probe_seconds}; and {@code lr}. Files: {@code goodput.json}, {@code goodput_vs_batch.png}.
 */
public final class GoodputOptimizer implements Extension {

  private static final Logger log = LoggerFactory.getLogger(GoodputOptimizer.class);

  private final GoodputMaximize strategy;
  private final SearchSettings settings;
  private final LrRule lrRule;
  private final int everyEpochs;
  private final boolean writeFiles;
  private final UnaryOperator<ProbeRunner> runnerDecorator;
  private final TrainingGradientReader trainingGradients;
  private final TrainingStepTimes trainingSteps = new TrainingStepTimes();
  private final ReestimateSchedule schedule;

  private boolean done;
  private int referenceSize;
  private int batchSize;
  private double appliedFactor = 1.0;
  private double probeSeconds;
  private SmoothedGradientNoise noise;
  private List<StepTime> stepTimes = List.of();
  private final List<GoodputEstimate> history = new ArrayList<>();
  private final List<SearchResult> results = new ArrayList<>();
  private int freshEstimates;

  private GoodputOptimizer(Builder b) {
    this.strategy = b.explore ? b.strategy.timingOnlyInTraining() : b.strategy;
    this.settings = b.settings;
    this.lrRule = b.lrRule;
    this.everyEpochs = b.everyEpochs;
    this.schedule = new ReestimateSchedule(b.everyEpochs);
    this.writeFiles = b.writeFiles;
    this.runnerDecorator = b.runnerDecorator;
    this.noise = SmoothedGradientNoise.start(strategy.settings().noiseDecay());
    // Twice a search's estimates per period, so the smoothing has fresh ones for all of them.
    this.trainingGradients =
        new TrainingGradientReader(
            b.trainingGradients,
            b.everyEpochs,
            strategy.settings().noiseBatchFactor(),
            2 * strategy.settings().noiseEstimates(),
            strategy.settings().geometry());
  }

  /** Defaults: {@link GoodputMaximize#create()}, default settings, no lr scaling, once. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean callBeforeTraining() {
    return true;
  }

  /** Every iteration: re-estimates only at the epochs due, reports the figures each time. */
  @Override
  public Trigger defaultTrigger() {
    return IntervalTrigger.iterations(1);
  }

  /** Before other writers and readers, so they see the size and rate of the next update. */
  @Override
  public int defaultPriority() {
    return Priority.WRITER;
  }

  @Override
  public String defaultName() {
    return "GoodputOptimizer";
  }

  /** Every estimate so far, the first one before training. */
  public List<GoodputEstimate> history() {
    return List.copyOf(history);
  }

  /** The size training uses now (0 before the first search). */
  public int batchSize() {
    return batchSize;
  }

  /** The factor on the initial size's learning rate now applied. */
  public double lrFactor() {
    return appliedFactor;
  }

  /** The last search of this process, or null. */
  public SearchResult lastResult() {
    return results.isEmpty() ? null : results.get(results.size() - 1);
  }

  /** The step times the next re-estimate reuses: the probes' and training's own at its size. */
  public List<StepTime> stepTimes() {
    return stepTimes;
  }

  /** Every search of this process in order, whatever it decided (the re-estimates included). */
  public List<SearchResult> results() {
    return List.copyOf(results);
  }

  /** In adaptive mode, starts reading training's gradients ({@link TrainingGradients}). */
  @Override
  public void initialize(Trainer trainer) {
    trainingGradients.start(trainer);
  }

  @Override
  public void finish(Trainer trainer) {
    trainingGradients.stop();
  }

  @Override
  public void onError(Trainer trainer, Throwable error) {
    trainingGradients.stop();
  }

  @Override
  public void call(Trainer trainer) {
    Updater updater = trainer.getUpdater();
    trainingSteps.tick(updater, settings);
    for (GradientNoise estimate : trainingGradients.drain()) {
      noise = noise.add(estimate);
      freshEstimates++;
    }
    int searches = results.size();
    if (!done) {
      done = true;
      referenceSize = updater.getIterator().getBatchSize();
      batchSize = referenceSize;
      schedule.start(updater.getEpoch());
      if (updater.getIteration() > 0) {
        log.warn("training is under way with no recorded goodput search; keeping {}", batchSize);
      } else if (!strategy.timesCopies()) { // the first search once training timed its size
        schedule.noStatistics(updater.getIteration());
      } else {
        estimate(trainer, true, false);
      }
    } else if (schedule.dueAtEpoch(trainer)) {
      estimate(trainer, false, false);
    } else if (schedule.dueToVerify(trainer, trainingSteps.hasStepTime())) {
      estimate(trainer, false, true);
    } else if (schedule.dueToRetry(trainer, trainingSteps.hasStepTime())) {
      estimate(trainer, false, false);
    }
    if (results.size() > searches) { // a search's seconds are not a training step's
      trainingSteps.restart(updater, settings);
    }
    GoodputObservations.report(trainer, batchSize, appliedFactor, probeSeconds, history);
    trainingGradients.beforeStep(updater);
  }

  /**
   * @param verifying a check of a pick made past the known sizes, now that training timed it: it
   *     decides from what is known, with no budget to time or estimate anything
   */
  private void estimate(Trainer trainer, boolean beforeTraining, boolean verifying) {
    Updater updater = trainer.getUpdater();
    SearchCoordination coordination = SearchCoordination.over(updater.communicator());
    GoodputSearch search;
    int fresh = 0;
    if (trainingGradients.reading()) {
      // Every process decides on rank 0's statistics (each reads its own training gradients).
      noise = SmoothedGradientNoise.fromArray(coordination.rootValues(noise.toArray()));
      fresh = (int) coordination.rootValue(freshEstimates);
    }
    if (!beforeTraining) {
      stepTimes = trainingSteps.into(stepTimes, coordination);
    }
    if (verifying && schedule.probesHold(stepTimes, batchSize, coordination)) {
      return;
    }
    // Only training times sizes: its first search takes the share of a search before training.
    boolean first = beforeTraining || (!strategy.timesCopies() && history.isEmpty());
    try (ProbeRun copy = ProbeRun.over(updater, settings)) {
      Budget left =
          SearchShares.left(
              settings.budget(), coordination.rootValue(probeSeconds), trainer, everyEpochs, first);
      SearchContext context =
          SearchContext.inJob(
              trainer,
              runnerDecorator.apply(copy),
              settings.withBudget(verifying ? left.exhausted() : left),
              batchSize,
              coordination);
      search =
          strategy.reestimate(
              context, referenceSize, noise, strategy.noiseSource(copy), stepTimes, fresh);
    }
    if (verifying && !schedule.checkingTrial()) { // a pick's check; a trial may go back
      search = search.keeping(batchSize, strategy.settings().measurement().minGain());
    }
    search = StepTimeCliff.of(search); // before a trial, which may time a cliff's size again
    GoodputSearch decided = search;
    if (everyEpochs > 0) { // only adaptive runs check a pick
      double growth = strategy.settings().measurement().growthFactor();
      search = UndecidedTrial.of(search, growth, schedule::retimed);
    }
    // As the size (RootDecision), so the check: every process checks when rank 0 does.
    boolean trial = coordination.rootValue(search == decided ? 0 : 1) > 0;
    freshEstimates = 0;
    SearchResult result = RootDecision.follow(search.result(), coordination);
    results.add(result);
    probeSeconds += search.result().probeSeconds();
    schedule.kept();
    if (!result.succeeded()) {
      log.warn("goodput search failed ({}); keeping batch size {}", result.detail(), batchSize);
      writeSearch(trainer, appliedFactor, first);
      return;
    }
    // Kept whatever the search decided: the next re-estimate reuses them, timing nothing twice.
    stepTimes = search.stepTimes();
    if (search.model().isEmpty()) {
      // No room for a gradient noise estimate (a short training, slow first timings), or for one
      // timing (a step longer than the budget): nothing to weigh, so the size stays; an adaptive
      // run tries once more soon.
      log.info("goodput search kept batch size {} ({})", batchSize, result.detail());
      if (beforeTraining && everyEpochs > 0) {
        schedule.noStatistics(updater.getIteration());
      }
      writeSearch(trainer, appliedFactor, first);
      return;
    }
    noise = search.noise();
    int chosen = result.chosenBatchSize();
    double factor = lrRule.factor(referenceSize, chosen, noise.cautious());
    log.info(
        GoodputDetail.change(updater.getEpoch(), verifying, batchSize, chosen, factor, lrRule)
            + result.detail());
    if (history.isEmpty()) { // once: an adaptive run's later sizes follow the noise scale
      PlannedTraining.sizeChangeNote(trainer, referenceSize, chosen).ifPresent(log::info);
    }
    if (trial) {
      schedule.trying(updater.getIteration(), chosen, decided.result(), search.stepTimes());
    } else {
      schedule.chose(chosen, search.stepTimes(), updater.getIteration());
    }
    LrSchedules.moveFactor(trainer, appliedFactor, factor);
    appliedFactor = factor;
    updater.getIterator().setBatchSize(chosen);
    batchSize = chosen;
    history.add(search.estimate(updater.getIteration(), updater.getEpoch(), factor).orElseThrow());
    if (writeFiles && updater.communicator().isRoot()) { // one set of files per job
      GoodputFiles.write(history, trainer.getOutDir());
    }
    writeSearch(trainer, factor, first);
  }

  /** The run's first search's files, as {@link MinibatchSizeOptimizer}'s; later: goodput.json. */
  private void writeSearch(Trainer trainer, double factor, boolean first) {
    if (writeFiles && first && trainer.getUpdater().communicator().isRoot()) {
      SearchResultFiles.writeWithPlots(lastResult(), lrRule.name(), factor, trainer.getOutDir());
    }
  }

  /** The search's state, the applied factor and the smoothed statistics: a resume continues. */
  @Override
  public void serialize(Serializer s) {
    done = s.serializeBoolean("done", done);
    referenceSize = s.serializeInt("reference_size", referenceSize);
    batchSize = s.serializeInt("batch_size", batchSize);
    appliedFactor = s.serializeDouble("applied_factor", appliedFactor);
    schedule.serialize(s);
    probeSeconds = s.serializeDouble("probe_seconds", probeSeconds);
    noise = SmoothedGradientNoise.fromArray(s.serializeDoubleArray("noise", noise.toArray()));
    freshEstimates = s.serializeInt("fresh_estimates", freshEstimates);
    trainingGradients.serialize(s);
    stepTimes = trainingSteps.serializeWithKnown(s, stepTimes);
    double[] packed = s.serializeDoubleArray("history", GoodputEstimate.pack(history));
    if (s.isLoading()) {
      history.clear();
      history.addAll(GoodputEstimate.unpack(packed));
    }
  }

  /** Configures a {@link GoodputOptimizer}. */
  public static final class Builder {
    private GoodputMaximize strategy = GoodputMaximize.create();
    private SearchSettings settings = SearchSettings.defaults();
    private LrRule lrRule = LrRule.NONE;
    private int everyEpochs;
    private boolean writeFiles = true;
    private UnaryOperator<ProbeRunner> runnerDecorator = UnaryOperator.identity();
    private TrainingGradients trainingGradients = TrainingGradients.ACROSS_SHARDS;
    private boolean explore;

    private Builder() {}

    public Builder strategy(GoodputMaximize strategy) {
      this.strategy = Preconditions.checkNotNull(strategy, "strategy");
      return this;
    }

    /** Size range, memory, budget and clock (default {@link SearchSettings#defaults()}). */
    public Builder settings(SearchSettings settings) {
      this.settings = Preconditions.checkNotNull(settings, "settings");
      return this;
    }

    /** How the learning rate follows the size (default {@link LrRule#NONE}). */
    public Builder lrRule(LrRule rule) {
      this.lrRule = Preconditions.checkNotNull(rule, "lrRule");
      return this;
    }

    /**
     * Searches again every {@code epochs} epochs (0, the default: only before training), except at
     * the end of training. The budget is the whole run's: the search before training may take half
     * of it, each re-estimate an equal share of what is left over those still due.
     */
    public Builder everyEpochs(int epochs) {
      Preconditions.checkArgument(epochs >= 0, "everyEpochs must not be negative: %s", epochs);
      this.everyEpochs = epochs;
      return this;
    }

    /** Adaptive mode's statistics besides extra passes (default {@code ACROSS_SHARDS}). */
    public Builder trainingGradients(TrainingGradients source) {
      this.trainingGradients = Preconditions.checkNotNull(source, "trainingGradients");
      return this;
    }

    /**
     * Whether only training times sizes, the copies only estimating the gradient noise (default
     * false); see {@link GoodputMaximize#timingOnlyInTraining}.
     */
    public Builder exploreInTraining(boolean explore) {
      this.explore = explore;
      return this;
    }

    /** Whether to write {@code goodput.json} and the plot (default true). */
    public Builder writeFiles(boolean write) {
      this.writeFiles = write;
      return this;
    }

    /** Wraps the probe runner that times steps, e.g. to simulate step times in tests. */
    public Builder probeRunnerDecorator(UnaryOperator<ProbeRunner> decorator) {
      this.runnerDecorator = Preconditions.checkNotNull(decorator, "decorator");
      return this;
    }

    public GoodputOptimizer build() {
      Preconditions.checkState(
          everyEpochs > 0 || (!explore && strategy.timesCopies()),
          "exploreInTraining needs an adaptive run (everyEpochs > 0)");
      return new GoodputOptimizer(this);
    }
  }
}
