package org.trainer4j.extensions.minibatch;

/**
 * Builds a {@link SearchContext} over a {@link SimulatedTraining}: its fake clock, no memory limit,
 * no budget, a plan of one epoch and any size allowed unless told otherwise.
 */
final class SimulatedContext {
  private final SimulatedTraining sim;
  private final int initial;
  private final int dataset;
  private SearchSettings settings;
  private PlannedTraining plan = PlannedTraining.epochs(1);
  private int multiple = 1;
  private SearchCoordination coordination = SearchCoordination.single();

  SimulatedContext(SimulatedTraining sim, int initial, int dataset) {
    this.sim = sim;
    this.initial = initial;
    this.dataset = dataset;
    this.settings =
        SearchSettings.defaults()
            .withMemoryGauge(MemoryGauge.unbounded())
            .withBudget(Budget.unlimited())
            .withTicker(sim.ticker);
  }

  SimulatedContext maxBatchSize(int max) {
    settings = settings.withMaxBatchSize(max);
    return this;
  }

  SimulatedContext memoryGauge(MemoryGauge gauge) {
    settings = settings.withMemoryGauge(gauge);
    return this;
  }

  SimulatedContext budgetSeconds(double seconds) {
    settings = settings.withBudget(Budget.fixedSeconds(seconds));
    return this;
  }

  SimulatedContext budget(Budget budget) {
    settings = settings.withBudget(budget);
    return this;
  }

  SimulatedContext plan(PlannedTraining p) {
    plan = p;
    return this;
  }

  SimulatedContext batchSizeMultiple(int m) {
    multiple = m;
    return this;
  }

  /** The members this simulation searches with (one member of a simulated job). */
  SimulatedContext coordination(SearchCoordination c) {
    coordination = c;
    return this;
  }

  SearchContext build() {
    return new SearchContext(sim, settings, initial, dataset, plan, multiple, coordination);
  }
}
