package org.trainer4j.samples.tuning;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.datasets.DatasetSplit;
import org.trainer4j.extensions.evaluation.Evaluator;
import org.trainer4j.extensions.minibatch.Budget;
import org.trainer4j.extensions.minibatch.EpochTimeMinimize;
import org.trainer4j.extensions.minibatch.GoodputMaximize;
import org.trainer4j.extensions.minibatch.GoodputOptimizer;
import org.trainer4j.extensions.minibatch.GpuUsageMaximize;
import org.trainer4j.extensions.minibatch.LrScaling;
import org.trainer4j.extensions.minibatch.MinibatchSizeOptimizer;
import org.trainer4j.extensions.minibatch.MinibatchSizeStrategy;
import org.trainer4j.extensions.minibatch.SearchResult;
import org.trainer4j.extensions.minibatch.SearchResultFiles;
import org.trainer4j.extensions.minibatch.SearchSettings;
import org.trainer4j.extensions.minibatch.ThroughputMaximize;
import org.trainer4j.extensions.minibatch.goodput.GoodputFiles;
import org.trainer4j.extensions.minibatch.goodput.GoodputSettings;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.extensions.minibatch.goodput.NoiseGeometry;
import org.trainer4j.extensions.monitor.DeviceMonitors;
import org.trainer4j.extensions.schedule.ExponentialShift;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.samples.common.Results;
import org.trainer4j.samples.common.Scores;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Priority;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Updater;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.ParallelUpdater;
import org.trainer4j.training.updaters.StandardUpdater;

/**
 * One training run of the time-to-accuracy benchmark: a contender (a fixed size, or a strategy with
 * its learning-rate rule) trains a fresh model for the epoch budget, validation accuracy is taken
 * several times an epoch (at the same fractions of an epoch for every contender, whatever its batch
 * size), and the wall-clock seconds of training (the search's probing included, the evaluations
 * excluded, since every contender evaluates equally often) until it first reaches the target are
 * recorded, with the final test accuracy.
 */
public final class TimeToAccuracy {

  /** How a contender picks its batch size. */
  public enum Kind {
    FIXED,
    THROUGHPUT,
    EPOCH_TIME,
    GPU_USAGE,
    GOODPUT,
    GOODPUT_ADAPTIVE,
    /** Adaptive goodput measuring gradient noise in Adam's geometry ({@code NoiseGeometry}). */
    GOODPUT_ADAPTIVE_ADAM,
    /** Adaptive goodput whose sizes training times ({@code exploreInTraining}), none on copies. */
    GOODPUT_EXPLORE;

    /** Its name in tables and contender names: {@code epoch-time}, {@code goodput-adaptive}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** One of the goodput contenders, which have gradient statistics. */
    public boolean isGoodput() {
      return this == GOODPUT
          || this == GOODPUT_ADAPTIVE
          || this == GOODPUT_ADAPTIVE_ADAM
          || this == GOODPUT_EXPLORE;
    }

    /** One of the strategies that existed before goodput, whose learning-rate rule is compared. */
    public boolean isExistingStrategy() {
      return this != FIXED && !isGoodput();
    }
  }

  /**
   * A contender: a fixed size (unscaled at the initial size, scaled by {@code rule} otherwise) or a
   * strategy whose pick scales the learning rate by {@code rule}.
   *
   * @param name its row in the table
   * @param kind how it picks the size
   * @param batchSize the size of a fixed contender, the initial size otherwise
   * @param rule how the learning rate follows the size
   */
  public record Contender(String name, Kind kind, int batchSize, LrRule rule) {
    public Contender {
      Preconditions.checkNotNull(name, "name");
      Preconditions.checkNotNull(kind, "kind");
      Preconditions.checkArgument(batchSize > 0, "batchSize must be positive: %s", batchSize);
      Preconditions.checkNotNull(rule, "rule");
      Preconditions.checkArgument(
          kind != Kind.FIXED || rule != LrRule.ADASCALE, "a fixed size has no gradient statistics");
    }
  }

  /**
   * The job every contender trains.
   *
   * @param model a fresh model for a seed
   * @param train training examples (a twelfth is split off for validation)
   * @param test test examples
   * @param initialBatchSize the size the strategies start from and the learning rate refers to
   * @param lr Adam's learning rate at the initial size
   * @param lrDecay factor on the rate after every epoch (an ExponentialShift, as {@code train})
   * @param epochs the epoch budget
   * @param target validation accuracy to reach
   * @param searchCapSeconds most seconds one search may probe
   * @param evalsPerEpoch validations per epoch, at equal fractions of it: the resolution of the
   *     time to the target
   * @param replicas 1: one model ({@code StandardUpdater}); more: a {@code ParallelUpdater} of that
   *     many replicas, one ND4J thread each (sizes are then multiples of it, and adaptive goodput
   *     reads its gradient statistics across them)
   * @param criticalBatchFactor the goodput contenders' critical batch size in noise scales ({@link
   *     GoodputSettings#criticalBatchFactor()}); NaN where a merged shard did not record it
   */
  public record Job(
      LongFunction<Model> model,
      Dataset train,
      Dataset test,
      int initialBatchSize,
      double lr,
      double lrDecay,
      int epochs,
      double target,
      double searchCapSeconds,
      int evalsPerEpoch,
      int replicas,
      double criticalBatchFactor) {

    public Job {
      Preconditions.checkArgument(epochs > 0, "epochs must be positive: %s", epochs);
      Preconditions.checkArgument(replicas > 0, "replicas must be positive: %s", replicas);
      Preconditions.checkArgument(
          evalsPerEpoch > 0, "evalsPerEpoch must be positive: %s", evalsPerEpoch);
      Preconditions.checkArgument(
          Double.isNaN(criticalBatchFactor)
              || (criticalBatchFactor > 0 && Double.isFinite(criticalBatchFactor)),
          "criticalBatchFactor must be positive and finite: %s",
          criticalBatchFactor);
    }
  }

  /**
   * One run's outcome.
   *
   * @param contender the contender's name
   * @param seed the seed of model, split and order
   * @param secondsToTarget training seconds until validation first reached the target, NaN if never
   * @param trainSeconds training seconds of the whole epoch budget (evaluations excluded)
   * @param finalBatchSize the size at the end
   * @param finalTestAccuracy test accuracy after the epoch budget
   * @param validation validation accuracy at each evaluation
   * @param seconds training seconds at each of those evaluations
   */
  public record Outcome(
      String contender,
      long seed,
      double secondsToTarget,
      double trainSeconds,
      int finalBatchSize,
      double finalTestAccuracy,
      List<Double> validation,
      List<Double> seconds) {}

  private TimeToAccuracy() {}

  /** Trains {@code contender} on {@code job} with {@code seed}; files go under {@code dir}. */
  public static Outcome run(Job job, Contender contender, long seed, Path dir) {
    DatasetSplit split = DatasetSplit.of(job.train(), 1.0 / 12, seed);
    Model model = job.model().apply(seed);
    boolean fixed = contender.kind() == Kind.FIXED;
    double lr =
        job.lr()
            * (fixed
                ? contender.rule().factor(job.initialBatchSize(), contender.batchSize(), null)
                : 1);
    Adam optimizer = new Adam(lr);
    optimizer.setup(model);
    SerialIterator iterator =
        SerialIterator.builder(split.train()).batchSize(contender.batchSize()).seed(seed).build();
    Updater updater =
        job.replicas() > 1
            ? ParallelUpdater.builder(iterator, optimizer)
                .replicas(job.replicas())
                .threadsPerReplica(1)
                .build()
            : new StandardUpdater(iterator, optimizer);
    Trainer trainer = new Trainer(updater, IntervalTrigger.epochs(job.epochs()), dir);
    if (job.lrDecay() != 1) {
      trainer.extend(new ExponentialShift("lr", job.lrDecay()), IntervalTrigger.epochs(1));
    }
    Extension search = fixed ? null : search(job, contender);
    if (search != null) {
      trainer.extend(search);
    }
    List<Double> validation = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    long[] evalNanos = {0};
    long start = System.nanoTime();
    double[] reached = {Double.NaN};
    // The time of an evaluation is when the iteration's update ended, read before any other
    // extension of the iteration runs: an adaptive search at an epoch boundary (WRITER priority)
    // ran before the evaluation (READER) and its seconds counted towards an accuracy the model
    // already had (it probes copies). On the MLP subset that put 0.3-0.6 s into both adaptive
    // runs' time to the target, which they reached at the end of epoch 0.
    long[] updated = {start};
    trainer.extend(
        Extensions.builder("time_to_accuracy_clock", t -> updated[0] = System.nanoTime())
            .priority(Priority.WRITER + 1)
            .build());
    trainer.extend(
        Extensions.builder(
                "time_to_accuracy",
                t -> {
                  long evalStart = System.nanoTime();
                  double now = (updated[0] - start - evalNanos[0]) / 1e9;
                  double accuracy = Scores.of(model, split.validation()).accuracy();
                  validation.add(accuracy);
                  seconds.add(now);
                  if (Double.isNaN(reached[0]) && accuracy >= job.target()) {
                    reached[0] = now;
                  }
                  evalNanos[0] += System.nanoTime() - evalStart;
                })
            .trigger(() -> IntervalTrigger.epochs(1.0 / job.evalsPerEpoch()))
            .priority(Priority.READER)
            .build());
    trainer.run();
    double trainSeconds = (System.nanoTime() - start - evalNanos[0]) / 1e9;
    Evaluator.Result test = Scores.of(model, job.test());
    writeSearches(search, contender.rule(), dir);
    return new Outcome(
        contender.name(),
        seed,
        reached[0],
        trainSeconds,
        iterator.getBatchSize(),
        test.accuracy(),
        validation,
        seconds);
  }

  /**
   * Every search the run made, as {@code searches.json} in {@code dir}: each trace as {@code
   * minibatch_search.json} writes it, and goodput's estimates. Written after the run, so that it
   * costs the contender nothing (the extensions themselves write no files here: their plots would
   * count as training time).
   */
  private static void writeSearches(Extension search, LrRule rule, Path dir) {
    Map<String, Object> json = new LinkedHashMap<>();
    List<SearchResult> results = new ArrayList<>();
    if (search instanceof GoodputOptimizer goodput) {
      results.addAll(goodput.results());
      json.put("goodput_estimates", GoodputFiles.toJson(goodput.history()));
    } else if (search instanceof MinibatchSizeOptimizer optimizer && optimizer.result() != null) {
      results.add(optimizer.result());
    }
    if (results.isEmpty()) {
      return;
    }
    json.put(
        "searches",
        results.stream().map(r -> SearchResultFiles.toJson(r, rule.name(), Double.NaN)).toList());
    try {
      Results.writeJson(dir.resolve("searches.json"), json);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the searches into " + dir, e);
    }
  }

  /** The strategy a goodput contender of {@code kind} searches with on {@code job}. */
  static GoodputMaximize goodputStrategy(Job job, Kind kind) {
    Preconditions.checkArgument(kind.isGoodput(), "not a goodput contender: %s", kind);
    GoodputSettings base =
        GoodputSettings.DEFAULT.withCriticalBatchFactor(job.criticalBatchFactor());
    return GoodputMaximize.of(
        kind == Kind.GOODPUT_ADAPTIVE_ADAM ? base.withGeometry(NoiseGeometry.OPTIMIZER) : base);
  }

  private static Extension search(Job job, Contender contender) {
    Budget budget = Budget.DEFAULT.withCapSeconds(job.searchCapSeconds());
    if (contender.kind().isGoodput()) {
      return GoodputOptimizer.builder()
          .strategy(goodputStrategy(job, contender.kind()))
          .settings(SearchSettings.defaults().withBudget(budget))
          .lrRule(contender.rule())
          .everyEpochs(contender.kind() == Kind.GOODPUT ? 0 : 1)
          .exploreInTraining(contender.kind() == Kind.GOODPUT_EXPLORE)
          .writeFiles(false)
          .build();
    }
    MinibatchSizeStrategy strategy =
        switch (contender.kind()) {
          case THROUGHPUT -> ThroughputMaximize.create();
          case EPOCH_TIME -> EpochTimeMinimize.create();
          case GPU_USAGE -> GpuUsageMaximize.of(DeviceMonitors.auto());
          default -> throw new IllegalArgumentException("not a search: " + contender.kind());
        };
    Preconditions.checkArgument(
        contender.rule() != LrRule.ADASCALE,
        "%s measures no gradient statistics: ADASCALE needs GoodputMaximize",
        contender.name());
    return MinibatchSizeOptimizer.builder(strategy)
        .budget(budget)
        .lrScaling(LrScaling.valueOf(contender.rule().name()))
        .writeFiles(false)
        .build();
  }
}
