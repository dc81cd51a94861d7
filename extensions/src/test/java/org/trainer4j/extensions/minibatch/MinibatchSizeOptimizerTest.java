package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.extensions.schedule.ExponentialShift;
import org.trainer4j.iterators.IteratorState;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.testing.Resumed;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Priority;

class MinibatchSizeOptimizerTest {

  @TempDir Path out;

  private static Setup mlp(int batchSize, int iterations, Path dir) {
    return Setup.mlp(batchSize, iterations, dir);
  }

  private static Setup cnn(int batchSize, int iterations, Path dir) {
    return Setup.cnn(batchSize, iterations, dir);
  }

  /**
   * Three loops of the paper's rule from 16: 16, 17, 19, so it always chooses 19, on a budget that
   * cannot end them sooner (under load, the default's half-second floor ended them at 17).
   */
  private static MinibatchSizeOptimizer.Builder threeLoopSearch() {
    return MinibatchSizeOptimizer.builder(
            EpochTimeMinimize.builder().maxLoops(3).iterationsPerLoop(2).build())
        .budget(Budget.unlimited());
  }

  private static float[] values(INDArray array) {
    return array.dup().data().asFloat();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mlp", "cnn"})
  void afterTheSearchModelOptimizerStateBnStatisticsAndIteratorAreBitIdentical(String kind) {
    Setup s = kind.equals("mlp") ? mlp(16, 10, out) : cnn(16, 10, out);
    for (int i = 0; i < 5; i++) {
      s.updater().update(); // non-trivial optimizer state, BN statistics and position
    }
    Resumed.atIteration(s.updater(), 0); // the search runs before the first counted iteration
    s.model().setTraining(false);
    float[] params = values(s.model().params());
    float[] optimizerState = values(s.model().updaterState());
    float[] bnMean = values(s.model().paramTable().get("1_mean"));
    IteratorState position = s.iterator().getState();
    long rngRoot = Nd4j.getRandom().rootState();
    long rngNode = Nd4j.getRandom().nodeState();
    s.trainer().getObservation().put("marker", 1.0);

    MinibatchSizeOptimizer ext = threeLoopSearch().writeFiles(false).build();
    ext.call(s.trainer());

    assertThat(ext.result().loops()).isEqualTo(3);
    assertThat(s.optimizer().getModel()).isSameAs(s.model());
    assertThat(values(s.model().params())).containsExactly(params);
    assertThat(values(s.model().updaterState())).containsExactly(optimizerState);
    assertThat(values(s.model().paramTable().get("1_mean"))).containsExactly(bnMean);
    assertThat(s.model().isTraining()).isFalse();
    assertThat(s.iterator().getState()).isEqualTo(position);
    assertThat(s.iterator().getBatchSize()).isEqualTo(19);
    assertThat(s.updater().getIteration()).isZero();
    assertThat(s.optimizer().getLearningRate()).isEqualTo(0.01);
    assertThat(Nd4j.getRandom().rootState()).isEqualTo(rngRoot);
    assertThat(Nd4j.getRandom().nodeState()).isEqualTo(rngNode);
    assertThat(s.trainer().getObservation())
        .containsEntry("marker", 1.0)
        .containsEntry("minibatch/size", 19.0)
        .containsEntry("minibatch/initial_size", 16.0)
        .doesNotContainKey("main/loss");
  }

  @Test
  void trainingAfterTheSearchEqualsTrainingWithTheChosenSizeFromTheStart() {
    Setup tuned = mlp(16, 4, out.resolve("tuned"));
    MinibatchSizeOptimizer ext = threeLoopSearch().writeFiles(false).build();
    tuned.trainer().extend(ext);
    tuned.trainer().run();
    Setup plain = mlp(ext.chosenBatchSize(), 4, out.resolve("plain"));
    plain.trainer().run();

    assertThat(ext.chosenBatchSize()).isEqualTo(19);
    assertThat(tuned.updater().getIteration()).isEqualTo(4);
    assertThat(values(tuned.model().params())).containsExactly(values(plain.model().params()));
    assertThat(values(tuned.model().updaterState()))
        .containsExactly(values(plain.model().updaterState()));
    assertThat(tuned.iterator().getState()).isEqualTo(plain.iterator().getState());
  }

  @Test
  void theFirstTrainingBatchIsTheOneItWouldHaveBeen() {
    Setup tuned = mlp(16, 1, out.resolve("tuned"));
    tuned.trainer().extend(threeLoopSearch().writeFiles(false).build());
    tuned.trainer().run();
    Setup plain = mlp(19, 1, out.resolve("plain"));
    plain.trainer().run();

    List<int[]> tunedCalls = tuned.data().calls;
    assertThat(tunedCalls.size()).isGreaterThan(1); // the search fetched batches too
    assertThat(tunedCalls.get(tunedCalls.size() - 1)).containsExactly(plain.data().calls.get(0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"allocator", "javacpp", "heap"})
  void anOutOfMemoryAtLargeSizesIsSurvivedAndTheChoiceStaysBelowIt(String form) {
    Setup s = mlp(16, 3, out);
    Supplier<Throwable> oom =
        switch (form) {
          case "allocator" -> () -> new RuntimeException("Failed to allocate 8388608 bytes");
          case "javacpp" ->
              () ->
                  new OutOfMemoryError(
                      "Physical memory usage is too high: physicalBytes (9G) > maxPhysicalBytes"
                          + " (8G)");
          default -> () -> new OutOfMemoryError("Java heap space");
        };
    MinibatchSizeOptimizer ext =
        MinibatchSizeOptimizer.builder(
                ThroughputMaximize.of(
                    ThroughputSettings.DEFAULT
                        .withMinWindowSeconds(0)
                        .withWarmupSteps(1)
                        .withWindows(2)))
            .budget(Budget.unlimited())
            .maxBatchSize(64)
            .probeRunnerDecorator(runner -> new FailingAbove(runner, 24, oom))
            .writeFiles(false)
            .build();
    s.trainer().extend(ext);

    s.trainer().run();

    assertThat(ext.result().succeeded()).isTrue();
    assertThat(ext.result().steps()).anyMatch(SearchStep::infeasible);
    assertThat(ext.chosenBatchSize()).isLessThanOrEqualTo(24);
    assertThat(s.updater().getIteration()).isEqualTo(3);
  }

  @Test
  void aFailingSearchKeepsTheOriginalSizeAndRestoresEverything() {
    Setup s = mlp(16, 2, out);
    IteratorState position = s.iterator().getState();
    MinibatchSizeStrategy broken =
        context -> {
          context.runner().run(64, 2);
          throw new IllegalStateException("broken strategy");
        };
    MinibatchSizeOptimizer ext = MinibatchSizeOptimizer.builder(broken).writeFiles(false).build();

    ext.call(s.trainer());

    assertThat(ext.result().succeeded()).isFalse();
    assertThat(ext.result().detail()).contains("broken strategy");
    assertThat(ext.chosenBatchSize()).isEqualTo(16);
    assertThat(s.iterator().getBatchSize()).isEqualTo(16);
    assertThat(s.iterator().getState()).isEqualTo(position);
    assertThat(s.updater().getIteration()).isZero();
    assertThat(s.trainer().getObservation()).containsEntry("minibatch/failed", 1.0);
  }

  @Test
  void aResumedRunDoesNotSearchAgainAndKeepsTheTunedSize() {
    Setup first = mlp(16, 2, out.resolve("first"));
    first.trainer().extend(threeLoopSearch().writeFiles(false).build());
    first.trainer().run();
    StateTree state = first.trainer().saveState();

    Setup resumed = mlp(16, 4, out.resolve("resumed"));
    AtomicInteger searches = new AtomicInteger();
    MinibatchSizeStrategy counting =
        context -> {
          searches.incrementAndGet();
          throw new AssertionError("must not search again");
        };
    MinibatchSizeOptimizer ext = MinibatchSizeOptimizer.builder(counting).writeFiles(false).build();
    resumed.trainer().extend(ext);
    resumed.trainer().loadState(state);
    resumed.trainer().run();

    assertThat(searches).hasValue(0);
    assertThat(ext.isDone()).isTrue();
    assertThat(ext.chosenBatchSize()).isEqualTo(19);
    assertThat(resumed.iterator().getBatchSize()).isEqualTo(19);
    assertThat(resumed.updater().getIteration()).isEqualTo(4);
  }

  @Test
  void linearScalingMultipliesTheLearningRateByTheSizeRatio() {
    Setup s = mlp(16, 2, out);
    MinibatchSizeOptimizer ext =
        threeLoopSearch().lrScaling(LrScaling.LINEAR).writeFiles(false).build();

    ext.call(s.trainer());

    assertThat(s.optimizer().getLearningRate()).isCloseTo(0.01 * 19 / 16, within(1e-12));
    assertThat(s.trainer().getObservation().get("minibatch/lr_factor"))
        .isCloseTo(19 / 16.0, within(1e-12));
  }

  @Test
  void aLearningRateScheduleFollowsTheScaledRateInsteadOfUndoingIt() {
    Setup s = mlp(16, 3, out);
    ExponentialShift decay = new ExponentialShift("lr", 0.5);
    s.trainer().extend(decay);
    s.trainer().extend(threeLoopSearch().lrScaling(LrScaling.LINEAR).writeFiles(false).build());
    List<Double> used = new ArrayList<>();
    // WRITER priority, registered after the optimizer: sees the rate each update used.
    s.trainer()
        .extend(
            Extensions.builder("lr", t -> used.add(t.getUpdater().getOptimizer().getLearningRate()))
                .priority(Priority.WRITER)
                .build());

    s.trainer().run();

    double scaled = 0.01 * 19 / 16;
    assertThat(used)
        .satisfiesExactly(
            lr -> assertThat(lr).isCloseTo(scaled, within(1e-12)),
            lr -> assertThat(lr).isCloseTo(scaled / 2, within(1e-12)),
            lr -> assertThat(lr).isCloseTo(scaled / 4, within(1e-12)));
    assertThat(decay.scale()).isCloseTo(19 / 16.0, within(1e-12));
  }

  @Test
  void theLiveOptimizerIteratorAndObservationAreNeverTouchedWhileProbing() {
    Setup s = mlp(16, 2, out);
    IteratorState position = s.iterator().getState();
    List<Boolean> untouched = new ArrayList<>();
    MinibatchSizeOptimizer ext =
        threeLoopSearch()
            .probeRunnerDecorator(
                runner ->
                    (batchSize, steps) -> {
                      double[] seconds = runner.run(batchSize, steps);
                      untouched.add(
                          s.optimizer().getModel() == s.model()
                              && s.iterator().getState().equals(position)
                              && s.iterator().getBatchSize() == 16
                              && s.updater().getIteration() == 0
                              && !s.trainer().getObservation().containsKey("main/loss"));
                      return seconds;
                    })
            .writeFiles(false)
            .build();

    ext.call(s.trainer());

    // Three loops, the first one's first step on its own (the search may not afford even that).
    assertThat(untouched).hasSize(4).containsOnly(true);
  }

  @Test
  void writesTheTraceAsJsonCsvAndPlots() throws Exception {
    Setup s = mlp(16, 1, out);
    s.trainer().extend(threeLoopSearch().build());

    s.trainer().run();

    JsonNode json = new ObjectMapper().readTree(out.resolve(SearchResultFiles.JSON).toFile());
    assertThat(json.get("chosen_batch_size").asInt()).isEqualTo(19);
    assertThat(json.get("steps")).hasSize(3);
    assertThat(Files.readAllLines(out.resolve(SearchResultFiles.CSV))).hasSize(4);
    assertThat(out.resolve(SearchPlots.IMPROVEMENT_VS_BATCH)).isNotEmptyFile();
    assertThat(out.resolve(SearchPlots.IMPROVEMENT_VS_LOOP)).isNotEmptyFile();
  }

  @Test
  void throughputMaximizeRunsEndToEndOnARealModel() {
    Setup s = mlp(16, 2, out);
    MinibatchSizeOptimizer ext =
        MinibatchSizeOptimizer.builder(ThroughputMaximize.create())
            .budget(Budget.fixedSeconds(3))
            .maxBatchSize(128)
            .writeFiles(false)
            .build();
    s.trainer().extend(ext);

    s.trainer().run();

    assertThat(ext.result().succeeded()).isTrue();
    assertThat(ext.chosenBatchSize()).isBetween(1, 128);
    assertThat(s.iterator().getBatchSize()).isEqualTo(ext.chosenBatchSize());
  }

  @Test
  void searchesOnceBeforeTrainingAndReportsTheChosenSizeInEveryIterationsObservation() {
    MinibatchSizeOptimizer ext = threeLoopSearch().writeFiles(false).build();
    Setup s = mlp(16, 3, out);
    List<Double> reported = new ArrayList<>();
    s.trainer().extend(ext);
    s.trainer()
        .extend(
            org.trainer4j.training.Extensions.of(
                "watch", t -> reported.add(t.getObservation().get("minibatch/size"))));

    s.trainer().run();

    assertThat(ext.callBeforeTraining()).isTrue();
    assertThat(reported).hasSize(3).containsOnly(19.0);
  }

  @Test
  void aRunAlreadyUnderWayWithoutARecordedSearchKeepsItsBatchSize() {
    MinibatchSizeOptimizer ext = threeLoopSearch().writeFiles(false).build();
    Setup s = mlp(16, 6, out);
    Resumed.atIteration(s.updater(), 3);
    s.trainer().extend(ext);

    s.trainer().run();

    assertThat(ext.result()).isNull();
    assertThat(ext.chosenBatchSize()).isEqualTo(16);
    assertThat(s.iterator().getBatchSize()).isEqualTo(16);
  }

  /** Fails every probe above {@code limit} with an out-of-memory failure. */
  private record FailingAbove(ProbeRunner delegate, int limit, Supplier<Throwable> failure)
      implements ProbeRunner {
    @Override
    public double[] run(int batchSize, int steps) {
      if (batchSize > limit) {
        Throwable t = failure.get();
        if (t instanceof Error e) {
          throw e;
        }
        throw (RuntimeException) t;
      }
      return delegate.run(batchSize, steps);
    }
  }
}
