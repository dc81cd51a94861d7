package org.trainer4j.training.updaters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.datasets.Batch;
import org.trainer4j.datasets.DelayedDataset;
import org.trainer4j.datasets.ForwardingDataset;
import org.trainer4j.iterators.BatchIterator;
import org.trainer4j.iterators.PrefetchIterator;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.SGD;
import org.trainer4j.testing.TestModels;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;

/** {@code main/data_wait} with a deliberately slow dataset, for both iterators. */
class StandardUpdaterDataWaitTest {

  private static final double BATCH_DELAY_SECONDS = 0.04; // 4 examples x 10 ms

  @TempDir Path out;

  /** A slow dataset that releases one permit each time it has finished assembling a batch. */
  private static final class CountingDataset extends ForwardingDataset {
    final Semaphore finished = new Semaphore(0);

    CountingDataset() {
      super(DelayedDataset.of(TestModels.data(64, 6, 2, 3), Duration.ofMillis(10)));
    }

    @Override
    public Batch get(int[] indices) {
      Batch b = super.get(indices);
      finished.release();
      return b;
    }
  }

  private List<Double> dataWaits(
      BatchIterator iterator, CountingDataset data, boolean awaitPrefetch) {
    Model model = TestModels.mlp(6, 8, 2, 1);
    SGD optimizer = new SGD(0.01);
    optimizer.setup(model);
    Trainer trainer =
        new Trainer(new StandardUpdater(iterator, optimizer), IntervalTrigger.iterations(3), out);
    List<Double> waits = new ArrayList<>();
    trainer.extend(
        Extensions.of(
            "record",
            t -> {
              waits.add(t.getObservation().get("main/data_wait"));
              if (awaitPrefetch && waits.size() == 1) {
                // The first batch and the next one are both assembled once two permits exist.
                acquire(data.finished, 2);
              }
            }));
    trainer.run();
    return waits;
  }

  private static void acquire(Semaphore semaphore, int permits) {
    try {
      assertThat(semaphore.tryAcquire(permits, 30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void serialIteratorReportsTheWholeDecodeTimeAsDataWait() {
    CountingDataset data = new CountingDataset();

    List<Double> waits = dataWaits(SerialIterator.of(data, 4), data, false);

    assertThat(waits)
        .hasSize(3)
        .allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(BATCH_DELAY_SECONDS));
  }

  @Test
  void prefetchIteratorReportsTheColdStartAndHidesTheDecodeOfAPrefetchedBatch() {
    CountingDataset data = new CountingDataset();
    PrefetchIterator iterator =
        PrefetchIterator.builder(data).batchSize(4).workers(2).name("data-wait").build();

    List<Double> waits = dataWaits(iterator, data, true);

    assertThat(waits).hasSize(3).doesNotContainNull();
    assertThat(waits.get(0)).isGreaterThanOrEqualTo(BATCH_DELAY_SECONDS);
    assertThat(waits.get(1)).isLessThan(waits.get(0));
  }
}
