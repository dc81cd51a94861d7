package org.trainer4j.extensions.minibatch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.function.UnaryOperator;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.extensions.schedule.Shift;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.testing.TestModels;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Priority;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.Updater;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.ParallelUpdater;
import org.trainer4j.training.updaters.StandardUpdater;

/**
 * The runs the goodput extension's tests train: a real BN MLP (initial size 16, Adam 0.01) with
 * real gradient statistics from the probe copy and simulated step times whose fixed cost per step
 * grows with the training done, so that re-estimates move the size and the rate, deterministically.
 */
final class GoodputRuns {

  private GoodputRuns() {}

  /** One run's trainer and what a recorder saw before each update's extensions changed it. */
  record Run(Trainer trainer, Model model, SerialIterator iterator, List<double[]> seen) {}

  /**
   * Step times growing with the training done: the wrapped runner trains the model copy, but the
   * seconds it reports are {@code t(B) = 2 ms x (1 + i / 2) + 0.01 ms x B} at live iteration {@code
   * i}, a function of the training state, so a resumed run sees the same times.
   */
  static UnaryOperator<ProbeRunner> growingOverhead() {
    return real -> {
      int iteration = ((ProbeRun) real).model().iterationCount();
      double fixed = 0.002 * (1 + iteration / 2.0);
      return (b, steps) -> {
        real.run(b, steps);
        double[] seconds = new double[steps];
        Arrays.fill(seconds, fixed + 1e-5 * b);
        return seconds;
      };
    };
  }

  /** {@link #growingOverhead()}, each step also moving {@code ticker} by its simulated seconds. */
  static UnaryOperator<ProbeRunner> growingOverheadOn(FakeTicker ticker) {
    UnaryOperator<ProbeRunner> simulated = growingOverhead();
    return real -> {
      ProbeRunner timed = simulated.apply(real);
      return (b, steps) -> {
        double[] seconds = timed.run(b, steps);
        ticker.advance(Arrays.stream(seconds).sum());
        return seconds;
      };
    };
  }

  /** Probes report {@code probe} and move {@code ticker} by it. */
  static UnaryOperator<ProbeRunner> probesOn(FakeTicker ticker, IntToDoubleFunction probe) {
    return real ->
        (b, steps) -> {
          real.run(b, steps);
          double[] seconds = new double[steps];
          Arrays.fill(seconds, probe.applyAsDouble(b));
          ticker.advance(steps * seconds[0]);
          return seconds;
        };
  }

  /** 32 timed at twice 16's step, the others at {@code training}'s. */
  static IntToDoubleFunction slowAt32(IntToDoubleFunction training) {
    return b -> b == 32 ? 2 * training.applyAsDouble(16) : training.applyAsDouble(b);
  }

  /** {@code r} with training's steps taking {@code training} of the size on {@code ticker}. */
  static Run onClock(Run r, IntToDoubleFunction training, FakeTicker ticker) {
    r.trainer()
        .extend(
            Extensions.builder(
                    "clock",
                    t -> ticker.advance(training.applyAsDouble(r.iterator().getBatchSize())))
                .build());
    return r;
  }

  /** Unbounded memory, {@code budget} on {@code ticker}'s clock, sizes up to {@code maxSize}. */
  static SearchSettings settings(Budget budget, FakeTicker ticker, int maxSize) {
    return SearchSettings.defaults()
        .withMemoryGauge(MemoryGauge.unbounded())
        .withBudget(budget)
        .withTicker(ticker)
        .withMaxBatchSize(maxSize);
  }

  static GoodputOptimizer.Builder goodput(LrRule rule, int everyEpochs) {
    return goodput(rule, everyEpochs, 256);
  }

  static GoodputOptimizer.Builder goodput(LrRule rule, int everyEpochs, int maxSize) {
    return GoodputOptimizer.builder()
        .strategy(fewShortWindows())
        .settings(
            SearchSettings.defaults()
                .withMemoryGauge(MemoryGauge.unbounded())
                .withBudget(Budget.unlimited())
                .withTicker(new FakeTicker())
                .withMaxBatchSize(maxSize))
        .lrRule(rule)
        .everyEpochs(everyEpochs)
        .probeRunnerDecorator(growingOverhead())
        .writeFiles(false);
  }

  /**
   * Registers on {@code r} a snapshot taken at its first {@code iterations}-th iteration; run the
   * trainer, then resume another run from the returned holder's state.
   */
  static StateTree[] snapshotOnceAt(Run r, long iterations) {
    StateTree[] state = {null};
    r.trainer()
        .extend(
            Extensions.builder(
                    "snapshot", t -> state[0] = state[0] == null ? t.saveState() : state[0])
                .trigger(() -> IntervalTrigger.iterations(iterations))
                .priority(Priority.SNAPSHOT)
                .build());
    return state;
  }

  /**
   * A trainer with {@code extras} registered in order after a recorder that, at WRITER priority and
   * registered first, sees each update's rate, the goodput factor it was set with and the size.
   */
  static Run run(Trigger stop, Path dir, GoodputOptimizer goodput, Shift shift) {
    return run(256, stop, dir, goodput, shift);
  }

  static Run run(int examples, Trigger stop, Path dir, GoodputOptimizer goodput, Shift shift) {
    return run(examples, stop, dir, goodput, shift, 1);
  }

  /** {@link #run}, trained by a {@code ParallelUpdater} of {@code replicas} when more than one. */
  static Run run(
      int examples, Trigger stop, Path dir, GoodputOptimizer goodput, Shift shift, int replicas) {
    Model model = TestModels.mlp(20, 16, 4, 7);
    Optimizer optimizer = new Adam(0.01);
    optimizer.setup(model);
    SerialIterator iterator =
        SerialIterator.builder(TestModels.data(examples, 20, 4, 1)).batchSize(16).seed(5).build();
    Updater updater =
        replicas > 1
            ? ParallelUpdater.builder(iterator, optimizer).replicas(replicas).build()
            : new StandardUpdater(iterator, optimizer);
    Trainer trainer = new Trainer(updater, stop, dir);
    List<double[]> seen = new ArrayList<>();
    trainer.extend(
        Extensions.builder(
                "recorder",
                t ->
                    seen.add(
                        new double[] {
                          optimizer.getLearningRate(),
                          goodput == null ? 1.0 : goodput.lrFactor(),
                          iterator.getBatchSize()
                        }))
            .priority(Priority.WRITER)
            .build());
    if (goodput != null) {
      trainer.extend(goodput);
    }
    if (shift != null) {
      trainer.extend(shift);
    }
    return new Run(trainer, model, iterator, seen);
  }

  /**
   * Goodput with 4 noise estimates per search and few short windows: the step times are simulated,
   * so more would only cost test time. Its critical batch is the noise scale ({@link
   * SimulatedNoise#SETTINGS}), as in the simulated jobs.
   */
  static GoodputMaximize fewShortWindows() {
    return GoodputMaximize.of(
        SimulatedNoise.SETTINGS
            .withNoiseEstimates(4)
            .withMeasurement(new ThroughputSettings(1, 2, 0, 1, 2.0, 2, 0.02, 2.0, 0.1, 2, 3, 2)));
  }

  /**
   * Adaptive goodput every epoch up to 16 (the runs' start size), sqrt rule, its noise estimates
   * all from {@code simulated} (exact statistics).
   */
  static GoodputOptimizer.Builder simulatedGoodput(SimulatedNoise simulated) {
    return goodput(LrRule.SQRT, 1, 16).strategy(fewShortWindows().withNoiseSource(simulated));
  }
}
