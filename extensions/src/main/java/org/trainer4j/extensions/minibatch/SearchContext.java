package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import com.google.common.base.Ticker;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Updater;

/**
 * What a strategy searches with: how to run timed steps at a size ({@link ProbeRunner}), the start
 * size, the dataset size (for epoch estimates), the planned training (for the budget), the sizes
 * the updater accepts (multiples of {@code batchSizeMultiple}) and the {@link SearchSettings}.
 * Everything is injectable, so strategies are tested against simulated cost curves on a fake clock.
 *
 * @param runner runs and times steps; in a real search a {@link ProbeRun} over copies
 * @param settings size range, memory, budget, clock
 * @param initialBatchSize the size training would use without the search
 * @param datasetSize examples per epoch
 * @param plan the training the budget is a share of
 * @param batchSizeMultiple every size tried is a multiple of it (the updater's replica count)
 * @param coordination how the members of a multi-process job agree on each decision (single
 *     process: nothing to agree)
 */
public record SearchContext(
    ProbeRunner runner,
    SearchSettings settings,
    int initialBatchSize,
    int datasetSize,
    PlannedTraining plan,
    int batchSizeMultiple,
    SearchCoordination coordination) {

  public SearchContext {
    Preconditions.checkNotNull(runner, "runner");
    Preconditions.checkNotNull(settings, "settings");
    Preconditions.checkArgument(
        initialBatchSize > 0, "initialBatchSize must be positive: %s", initialBatchSize);
    Preconditions.checkArgument(datasetSize > 0, "datasetSize must be positive: %s", datasetSize);
    Preconditions.checkNotNull(plan, "plan");
    Preconditions.checkArgument(
        batchSizeMultiple > 0, "batchSizeMultiple must be positive: %s", batchSizeMultiple);
    Preconditions.checkNotNull(coordination, "coordination");
  }

  /** A context for a single-process search. */
  public SearchContext(
      ProbeRunner runner,
      SearchSettings settings,
      int initialBatchSize,
      int datasetSize,
      PlannedTraining plan,
      int batchSizeMultiple) {
    this(
        runner,
        settings,
        initialBatchSize,
        datasetSize,
        plan,
        batchSizeMultiple,
        SearchCoordination.single());
  }

  /** {@code runner} from {@code initialBatchSize}, default settings, a plan of one epoch. */
  public static SearchContext of(ProbeRunner runner, int initialBatchSize, int datasetSize) {
    return new SearchContext(
        runner,
        SearchSettings.defaults(),
        initialBatchSize,
        datasetSize,
        PlannedTraining.epochs(1),
        1);
  }

  /**
   * A search over {@code runner} in {@code trainer}'s job, from {@code initialBatchSize}: the
   * dataset size, the accepted multiple and the plan come from its updater and stop trigger.
   */
  static SearchContext inJob(
      Trainer trainer,
      ProbeRunner runner,
      SearchSettings settings,
      int initialBatchSize,
      SearchCoordination coordination) {
    Updater updater = trainer.getUpdater();
    return new SearchContext(
        runner,
        settings,
        initialBatchSize,
        updater.getIterator().getDataset().size(),
        PlannedTraining.of(trainer.getStopTrigger()),
        updater.batchSizeMultiple(),
        coordination);
  }

  public SearchContext withSettings(SearchSettings newSettings) {
    return new SearchContext(
        runner, newSettings, initialBatchSize, datasetSize, plan, batchSizeMultiple, coordination);
  }

  public SearchContext withPlan(PlannedTraining newPlan) {
    return new SearchContext(
        runner, settings, initialBatchSize, datasetSize, newPlan, batchSizeMultiple, coordination);
  }

  public SearchContext withBatchSizeMultiple(int multiple) {
    return new SearchContext(
        runner, settings, initialBatchSize, datasetSize, plan, multiple, coordination);
  }

  public SearchContext withRunner(ProbeRunner newRunner) {
    return new SearchContext(
        newRunner, settings, initialBatchSize, datasetSize, plan, batchSizeMultiple, coordination);
  }

  public SearchContext withCoordination(SearchCoordination newCoordination) {
    return new SearchContext(
        runner, settings, initialBatchSize, datasetSize, plan, batchSizeMultiple, newCoordination);
  }

  public Ticker ticker() {
    return settings.ticker();
  }

  /** The smallest size allowed by the settings and the dataset. */
  public int minBatchSize() {
    return Math.min(settings.minBatchSize(), datasetSize);
  }

  /** The largest size allowed by the settings and the dataset. */
  public int maxBatchSize() {
    return Math.max(minBatchSize(), Math.min(settings.maxBatchSize(), datasetSize));
  }
}
