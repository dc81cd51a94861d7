package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;

/**
 * Our strategy: minimize the measured end-to-end time per example (data loading included, because a
 * probe step assembles its batch from the dataset), robustly and cheaply.
 *
 * <ul>
 *   <li><b>Measurement.</b> After each change of size, warm-up steps are discarded; then several
 *       windows are timed and summarized by their median ({@link Measurement}); a size's noise is
 *       the robust relative spread of its windows.
 *   <li><b>Margin.</b> A difference counts only if it exceeds {@code max(minGain, noiseMultiplier x
 *       pooled noise)}.
 *   <li><b>Phases</b>, each a small class: {@link CoarseScan} (geometric steps with patience, each
 *       size measured once with few windows, so the scan reaches the top of the range on a small
 *       budget), {@link Contest} (the best size and its close contenders re-measured in interleaved
 *       rounds, restarted after a load change: this is where a load that came and went during the
 *       scan is caught) and {@link GoldenRefine} (golden-section search in log-size between the
 *       winner's neighbours, each point paired with a fresh measurement of the best), in that
 *       order, so that a tight budget ends on a confirmed size.
 *   <li><b>Budget</b> ({@link Budget}): a share of the planned training with a floor in seconds; no
 *       measurement starts whose predicted cost would pass it, except the scan's next rung while
 *       the scan is still gaining and the step-time line predicts that rung to save ten times its
 *       cost over the planned training ({@link BudgetExtension#forScan}).
 *   <li><b>Sizes</b> are multiples of the updater's {@code batchSizeMultiple} within the bounds and
 *       the memory ceiling.
 * </ul>
 */
public final class ThroughputMaximize implements MinibatchSizeStrategy {

  private final ThroughputSettings settings;

  private ThroughputMaximize(ThroughputSettings settings) {
    this.settings = Preconditions.checkNotNull(settings, "settings");
  }

  /** The default settings ({@link ThroughputSettings#DEFAULT}). */
  public static ThroughputMaximize create() {
    return new ThroughputMaximize(ThroughputSettings.DEFAULT);
  }

  public static ThroughputMaximize of(ThroughputSettings settings) {
    return new ThroughputMaximize(settings);
  }

  public ThroughputSettings settings() {
    return settings;
  }

  @Override
  public String name() {
    return "ThroughputMaximize";
  }

  @Override
  public SearchResult apply(SearchContext context) {
    return Prober.guard(context, name(), this::run);
  }

  private SearchResult run(Prober prober) {
    Candidates candidates = new Candidates(prober, settings);
    if (prober.budgetExhausted()) {
      return prober.result(name(), -1, StopReason.BUDGET, "budget spent before any probe");
    }
    Measurement start = candidates.measureFirstFeasible(prober.initialBatchSize(), Candidates.SCAN);
    if (start == null) {
      return candidates.budgetHit()
          ? prober.result(name(), -1, StopReason.BUDGET, candidates.budgetNote())
          : prober.result(name(), -1, StopReason.FAILED, "no feasible size at or below start");
    }
    CoarseScan.Result coarse = new CoarseScan(candidates).run(start);
    // The contest settles the scan's close calls before refinement spends anything: when the
    // budget is tight (short or tiny trainings), a confirmed size on the scan's ladder is worth
    // more than an unconfirmed one between its rungs.
    Contest.Result contest = new Contest(candidates).run(coarse.best());
    Measurement best = contest.rounds() > 0 ? contest.winner() : coarse.likelierBest();
    StopReason reason = StopReason.CONVERGED;
    String why = "coarse scan and contest only";
    String unconfirmed = "";
    if (!candidates.budgetHit()) {
      Measurement settled = best;
      GoldenRefine.Result refined = new GoldenRefine(candidates).run(best);
      best = refined.best();
      why = refined.why();
      reason = refined.flat() ? StopReason.NO_FURTHER_GAIN : StopReason.CONVERGED;
      if (best.batchSize() != settled.batchSize()) {
        // A refinement point won a single paired comparison: it must beat the field interleaved
        // too. Without a round of that contest only a win by the margin stands: on the loaded CNN
        // of the tune benchmark a refinement to 25 beat 32 by 0.5 % (margin 2.2 %), the budget
        // ended before the contest's first round, and 25 was 1.035x the best grid size, 32.
        contest = new Contest(candidates).run(best);
        if (contest.rounds() > 0) {
          best = contest.winner();
        } else if (contest.sizes().size() > 1
            && refined.decisive().batchSize() != best.batchSize()) {
          unconfirmed =
              String.format(
                  "; kept %d: refinement's %d won by less than the margin and no contest round"
                      + " confirmed it",
                  refined.decisive().batchSize(), best.batchSize());
          // Its pooled measurement, as the contest's winner would be: re-timed since its adoption.
          best = candidates.all().get(refined.decisive().batchSize());
        }
      }
    }
    if (candidates.budgetHit()) {
      reason = StopReason.BUDGET;
      why = candidates.budgetNote();
    }
    why += unconfirmed + BudgetExtension.note(prober.budget());
    return prober.result(
        name(),
        best.batchSize(),
        reason,
        String.format(
            "%s; best %d at %.3g s/epoch; margin %.3f (pooled noise %.3f); contest %s over %d"
                + " rounds, %d restarts, %d load changes seen; budget %.3g s",
            why,
            best.batchSize(),
            best.epochSeconds(prober.context().datasetSize()),
            candidates.margin(),
            candidates.pooledNoise(),
            contest.sizes(),
            contest.rounds(),
            contest.restarts(),
            candidates.loadChanges(),
            prober.budgetSeconds()));
  }
}
