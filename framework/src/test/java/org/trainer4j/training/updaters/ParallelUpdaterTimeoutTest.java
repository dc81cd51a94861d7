package org.trainer4j.training.updaters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.testing.TestModels;

/** How {@link ParallelUpdater.Builder#timeout} bounds a step. */
class ParallelUpdaterTimeoutTest {

  @Test
  void aReplicaStuckOutsideTheCollectivesTimesOutTheStep() {
    Model model = TestModels.mlp(6, 8, 3, 1);
    Optimizer optimizer = new Adam(0.01);
    optimizer.setup(model);
    CountDownLatch release = new CountDownLatch(1);
    ParallelUpdater updater =
        ParallelUpdater.builder(SerialIterator.of(TestModels.data(32, 6, 3, 2), 8), optimizer)
            .replicas(2)
            .timeout(Duration.ofMillis(300))
            .build();
    try {
      updater
          .replicas()
          .get(1)
          .unwrap(MultiLayerNetwork.class)
          .addListeners(
              new BaseTrainingListener() {
                @Override
                public void onBackwardPass(org.deeplearning4j.nn.api.Model m) {
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
              });

      assertThatThrownBy(updater::update)
          .isInstanceOf(ReplicaFailureException.class)
          .hasRootCauseInstanceOf(TimeoutException.class);
      assertThatThrownBy(updater::update).hasMessageContaining("still running");
    } finally {
      release.countDown();
      updater.close();
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {8_640_000_000L, Long.MAX_VALUE}) // 100,000 days; the longest Duration
  void aTimeoutTooLongToCountInNanosecondsMeansNoneAndStepsStillRun(long seconds) {
    Model model = TestModels.mlp(6, 8, 3, 1);
    Optimizer optimizer = new Adam(0.01);
    optimizer.setup(model);
    try (ParallelUpdater updater =
        ParallelUpdater.builder(SerialIterator.of(TestModels.data(32, 6, 3, 2), 8), optimizer)
            .replicas(2)
            .timeout(Duration.ofSeconds(seconds))
            .build()) {
      updater.update();

      assertThat(updater.getIteration()).isEqualTo(1);
    }
  }
}
