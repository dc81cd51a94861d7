package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import java.util.List;
import org.trainer4j.extensions.minibatch.goodput.FeasibleSizes;
import org.trainer4j.extensions.minibatch.goodput.GoodputModel;
import org.trainer4j.extensions.minibatch.goodput.GoodputSettings;
import org.trainer4j.extensions.minibatch.goodput.GradientNoise;
import org.trainer4j.extensions.minibatch.goodput.ModelNoiseSource;
import org.trainer4j.extensions.minibatch.goodput.NoiseSource;
import org.trainer4j.extensions.minibatch.goodput.SmoothedGradientNoise;
import org.trainer4j.extensions.minibatch.goodput.StepTime;
import org.trainer4j.extensions.minibatch.goodput.StepTimeModel;

/**
 * Time to accuracy rather than time per epoch (Pollux, Qiao et al. 2021): the size that maximizes
 * {@code goodput(B) = throughput(B) x efficiency(B)}. It times the start size with the search's
 * shared measurement ({@link Candidates}: warm-up, windows, medians, budget, memory ceiling,
 * out-of-memory handling), which also sets the budget; estimates the gradient noise scale on the
 * probe run's model copy ({@link NoiseSource}: four ghost shards of a noise batch, or the replicas'
 * shards when the updater needs multiples); then times further sizes, fits a {@link StepTimeModel}
 * and moves towards the goodput argmax until it lies within the measured sizes. It chooses among
 * the sizes it measured, or, when the budget stops it short of the argmax, at most one growth step
 * past them ({@link GoodputChoice}); never above the memory ceiling.
 *
 * <p>As a {@link MinibatchSizeStrategy} it runs once and efficiency is relative to the start size;
 * {@link GoodputOptimizer} also scales the learning rate and re-estimates during training.
 */
public final class GoodputMaximize implements MinibatchSizeStrategy {

  private final GoodputSettings settings;
  private final NoiseSource fixedSource;
  private final boolean copyTimings;

  private GoodputMaximize(GoodputSettings settings, NoiseSource fixedSource, boolean copyTimings) {
    this.settings = Preconditions.checkNotNull(settings, "settings");
    this.fixedSource = fixedSource;
    this.copyTimings = copyTimings;
  }

  /** The default settings ({@link GoodputSettings#DEFAULT}). */
  public static GoodputMaximize create() {
    return of(GoodputSettings.DEFAULT);
  }

  public static GoodputMaximize of(GoodputSettings settings) {
    return new GoodputMaximize(settings, null, true);
  }

  /**
   * This strategy taking its gradient statistics from {@code source} instead of the probe run's
   * model copy: for simulated problems whose statistics are known.
   */
  public GoodputMaximize withNoiseSource(NoiseSource source) {
    return new GoodputMaximize(settings, Preconditions.checkNotNull(source, "source"), copyTimings);
  }

  /**
   * This strategy timing no size on the copies, which serve the noise estimates and a one-step
   * memory check: only the step times it is given (training's own, {@link
   * GoodputOptimizer.Builder#exploreInTraining}) place sizes, and it moves one growth step at most.
   */
  public GoodputMaximize timingOnlyInTraining() {
    return new GoodputMaximize(settings, fixedSource, false);
  }

  /** Whether this strategy times sizes on the copies (false: {@link #timingOnlyInTraining()}). */
  public boolean timesCopies() {
    return copyTimings;
  }

  public GoodputSettings settings() {
    return settings;
  }

  @Override
  public String name() {
    return "GoodputMaximize";
  }

  @Override
  public SearchResult apply(SearchContext context) {
    return search(
            context, context.initialBatchSize(), SmoothedGradientNoise.start(settings.noiseDecay()))
        .result();
  }

  /**
   * Searches from the context's start size, with efficiency relative to {@code referenceSize} and
   * the new noise estimates averaged into {@code prior} (empty before training, the last search's
   * statistics at a re-estimate).
   */
  public GoodputSearch search(
      SearchContext context, int referenceSize, SmoothedGradientNoise prior) {
    Preconditions.checkNotNull(context, "context");
    return search(context, referenceSize, prior, sourceFor(context.runner()));
  }

  /**
   * As {@link #search(SearchContext, int, SmoothedGradientNoise)} with the gradient statistics from
   * {@code source} (null: the search fails and says why), for callers that wrap the probe run in
   * another runner; see {@link #noiseSource(ProbeRun)}.
   */
  public GoodputSearch search(
      SearchContext context, int referenceSize, SmoothedGradientNoise prior, NoiseSource source) {
    return reestimate(context, referenceSize, prior, source, List.of(), 0);
  }

  /**
   * A search that reuses the step times an earlier search measured ({@link
   * GoodputSearch#stepTimes()}): with two or more of them within the context's bounds it times no
   * size before estimating the gradient noise, and times a new size only when the goodput argmax
   * lies outside the known ones. A re-estimate during training then costs the noise estimates and
   * little else, because the step time of a size does not change as the loss falls; the noise scale
   * does. {@code freshEstimates} of {@code prior}'s estimates were made since the last search (from
   * training gradients, {@link org.trainer4j.extensions.minibatch.goodput.TrainingGradientNoise}):
   * only the estimates the settings ask for beyond those are made with extra passes. With fewer
   * than two known sizes and no fresh estimates it is {@link #search(SearchContext, int,
   * SmoothedGradientNoise, NoiseSource)}.
   */
  public GoodputSearch reestimate(
      SearchContext context,
      int referenceSize,
      SmoothedGradientNoise prior,
      NoiseSource source,
      List<StepTime> known,
      int freshEstimates) {
    Preconditions.checkNotNull(context, "context");
    Preconditions.checkArgument(
        referenceSize > 0, "referenceSize must be positive: %s", referenceSize);
    Preconditions.checkNotNull(prior, "prior");
    Preconditions.checkArgument(
        freshEstimates >= 0 && freshEstimates <= prior.count(),
        "freshEstimates must be in [0, %s]: %s",
        prior.count(),
        freshEstimates);
    Preconditions.checkNotNull(known, "known");
    Run run =
        new Run(
            context,
            referenceSize,
            prior,
            source == null ? null : RootNoise.of(source, context.coordination()),
            known,
            freshEstimates);
    SearchResult result = Prober.guard(context, name(), run::search);
    return new GoodputSearch(
        result,
        run.noise,
        run.stepTime,
        referenceSize,
        run.sizes,
        run.finalPoints,
        settings.criticalBatchFactor());
  }

  /**
   * Where this strategy takes the gradient statistics from on {@code probe}: its model copy and its
   * copy of the iterator state, unless a source was given ({@link #withNoiseSource}).
   */
  public NoiseSource noiseSource(ProbeRun probe) {
    Preconditions.checkNotNull(probe, "probe");
    return fixedSource != null
        ? fixedSource
        : new ModelNoiseSource(probe.model(), probe::nextBatch, settings.geometry());
  }

  private NoiseSource sourceFor(ProbeRunner runner) {
    if (fixedSource != null) {
      return fixedSource;
    }
    return runner instanceof ProbeRun probe ? noiseSource(probe) : null;
  }

  /** One search's state: what it has estimated so far. */
  private final class Run {
    final SearchContext context;
    final int reference;
    final NoiseSource source;
    final List<StepTime> known;
    final List<StepTime> stale;
    final int fresh;
    SmoothedGradientNoise noise;
    StepTimeModel stepTime;
    FeasibleSizes sizes;
    List<StepTime> finalPoints = List.of();

    Run(
        SearchContext context,
        int reference,
        SmoothedGradientNoise prior,
        NoiseSource source,
        List<StepTime> known,
        int fresh) {
      this.context = context;
      this.fresh = fresh;
      this.reference = reference;
      this.noise = prior;
      this.source = source;
      this.stale = GoodputPoints.contradictedByTraining(known);
      this.known = known.stream().filter(p -> !stale.contains(p)).toList();
    }

    SearchResult search(Prober prober) {
      if (source == null) {
        return prober.failed(name(), "no gradient statistics: the runner is not a ProbeRun");
      }
      Candidates candidates = new Candidates(prober, settings.measurement());
      DisturbedTimings disturbed = new DisturbedTimings(candidates);
      GoodputStart start =
          GoodputStart.of(
              name(),
              prober,
              candidates,
              disturbed,
              knownWithin(prober),
              settings.measurement().growthFactor(),
              copyTimings);
      if (start.stopped() != null) {
        return start.stopped();
      }
      // After the start size: a size that ran out of memory there caps the noise batch too.
      int shards = context.batchSizeMultiple();
      int noiseBatch = prober.clamp((long) settings.noiseBatchFactor() * reference);
      if (noiseBatch < 2 || (shards >= 2 && noiseBatch < 2 * shards)) {
        return prober.failed(name(), "no noise batch of at least two examples or shards");
      }
      List<StepTime> timed = points(candidates, prober);
      NoiseEstimateCost cost =
          new NoiseEstimateCost(
              prober,
              candidates,
              noiseBatch,
              ModelNoiseSource.shardsFor(noiseBatch, shards),
              timed);
      noise =
          new NoiseEstimates(settings, source, noiseBatch, shards)
              .add(noise, fresh, cost, prober, timed, reference);
      if (noise.effectiveCount() == 0) {
        // No statistics at all, none from an earlier search either: without them a larger size
        // has no known efficiency, and goodput never goes below the reference. Keep the start,
        // and the step times, so that a later re-estimate does not time these sizes again.
        finalPoints = points(candidates, prober);
        return prober.result(
            name(),
            prober.initialBatchSize(),
            StopReason.BUDGET,
            String.format(
                "no gradient noise estimate fits the budget (%s, %.3g s left): kept %d",
                // 0: nothing timed or known to predict it from (it printed as "~0.00 s each").
                cost.predictedSeconds() > 0
                    ? String.format("~%.3g s each", cost.predictedSeconds())
                    : "cost unknown",
                prober.budgetSeconds() - prober.elapsedSeconds(),
                prober.initialBatchSize()),
            start.measuredBefore());
      }
      GradientNoise current = noise.current();
      if (!(current.gradientSquared() > 0 || current.trace() > 0)) {
        return prober.failed(name(), "no gradient signal or noise measured: " + current);
      }
      StopReason reason = StopReason.MAX_LOOPS;
      String why = "measured " + settings.maxLoops() + " sizes";
      if (points(candidates, prober).isEmpty()) {
        return prober.failed(name(), "no positive step time measured");
      }
      for (int loop = 1; ; loop++) {
        List<StepTime> points = points(candidates, prober);
        int best = argmax(prober, points, candidates);
        int lo = points.get(0).batchSize();
        int hi = points.get(points.size() - 1).batchSize();
        boolean lineHolds = !GoodputChoice.undecided(points, stepTime);
        if (points.size() >= 2 && best >= lo && best <= hi && lineHolds) {
          reason = StopReason.CONVERGED;
          why = "goodput argmax within the measured sizes";
          break;
        }
        if (loop >= settings.maxLoops()) {
          break;
        }
        if (!copyTimings) {
          reason = StopReason.BUDGET; // as a budget stop: one growth step past what training timed
          why = "training times the sizes";
          break;
        }
        int toward =
            lineHolds
                ? best
                : Math.max(best, (int) Math.round(hi * settings.measurement().growthFactor()));
        int next =
            GoodputNextSize.of(
                prober,
                settings.measurement(),
                sizes.min(),
                toward,
                lo,
                hi,
                candidates.smallestFailedAbove(hi));
        if (next <= 0 || points.stream().anyMatch(p -> p.batchSize() == next)) {
          reason = StopReason.CONVERGED;
          why = "goodput argmax at the bound of the feasible sizes";
          break;
        }
        if (candidates.measure(next, "goodput") == null
            && !(BudgetExtension.forSize(prober, candidates, model(), points, next)
                && candidates.measure(next, "goodput") != null)) {
          reason = StopReason.BUDGET;
          why = candidates.budgetNote();
          break;
        }
        disturbed.check(candidates.all().get(next), "goodput");
      }
      List<StepTime> points = points(candidates, prober);
      finalPoints = points;
      int best = argmax(prober, points, candidates);
      double growth = settings.measurement().growthFactor();
      int multiple = context.batchSizeMultiple();
      GoodputChoice choice =
          copyTimings
              ? GoodputChoice.of(
                  points,
                  stepTime,
                  best,
                  growth,
                  multiple,
                  reason == StopReason.BUDGET,
                  candidates.smallestFailedAbove(0) < Integer.MAX_VALUE)
              : GoodputChoice.fromTraining(points, stepTime, best, growth, multiple, prober::clamp)
                  .fitting(points, prober::fits);
      int chosen = choice.size();
      String reuse =
          start.reusing()
              ? String.format("; reused the step times of %d sizes", start.reused().size())
              : "";
      reuse += GoodputPoints.droppedNote(stale) + GoodputPoints.fittedNote(points);
      reuse += BudgetExtension.note(prober.budget());
      return prober.result(
          name(),
          chosen,
          reason,
          why
              + choice.note()
              + reuse
              + "; "
              + GoodputDetail.describe(
                  noise, model(), chosen, noiseBatch, context.batchSizeMultiple(), fresh),
          start.measuredBefore());
    }

    private List<StepTime> knownWithin(Prober prober) {
      return GoodputPoints.within(known, prober);
    }

    private List<StepTime> points(Candidates candidates, Prober prober) {
      return GoodputPoints.of(known, candidates, prober);
    }

    /** The goodput argmax over the feasible sizes; fits the step-time model first. */
    private int argmax(Prober prober, List<StepTime> points, Candidates candidates) {
      stepTime = GoodputPoints.line(points, GoodputPoints.earlierProbes(points, candidates));
      // Never below the reference size, as in Pollux: the user's size is where the learning rate
      // was tuned, and below it the efficiency gain rests on a noise scale measured at
      // initialization, where it is smallest (unless nothing at or above it fits).
      int floor =
          Math.min(
              Math.max(prober.minBatchSize(), reference),
              points.get(points.size() - 1).batchSize());
      sizes =
          FeasibleSizes.of(
              floor, prober.maxBatchSize(), context.datasetSize(), context.batchSizeMultiple());
      return model().best(sizes).batchSize();
    }

    /** The goodput model of the statistics and step-time line so far. */
    private GoodputModel model() {
      return new GoodputModel(
          noise.cautious(), reference, stepTime, settings.criticalBatchFactor());
    }
  }
}
