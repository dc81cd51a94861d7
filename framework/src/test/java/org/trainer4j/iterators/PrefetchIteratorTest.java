package org.trainer4j.iterators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.datasets.ForwardingDataset;
import org.trainer4j.datasets.ImageAugmentation;
import org.trainer4j.datasets.SyntheticDataset;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;

class PrefetchIteratorTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final List<PrefetchIterator> opened = new ArrayList<>();

  @AfterEach
  void closeIterators() {
    opened.forEach(PrefetchIterator::close);
  }

  private PrefetchIterator.Builder prefetching(Dataset data, String name) {
    return PrefetchIterator.builder(data).name(name);
  }

  private PrefetchIterator open(PrefetchIterator.Builder builder) {
    PrefetchIterator it = builder.build();
    opened.add(it);
    return it;
  }

  private static List<Thread> liveThreads(String name) {
    String prefix = "trainer4j-prefetch-" + name + "-";
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
        .toList();
  }

  /** What an iterator looked like right after serving one batch. */
  private record Served(
      int[] indices, int epoch, double epochDetail, Double previous, boolean newEpoch) {
    static Served next(BatchIterator it) {
      int[] indices = RecordingDataset.indicesOf(it.next());
      return new Served(
          indices,
          it.getEpoch(),
          it.getEpochDetail(),
          it.getPreviousEpochDetail(),
          it.isNewEpoch());
    }
  }

  private static void assertSameBatch(Served actual, Served expected) {
    assertThat(actual.indices()).containsExactly(expected.indices());
    assertThat(actual.epoch()).isEqualTo(expected.epoch());
    assertThat(actual.epochDetail()).isEqualTo(expected.epochDetail());
    assertThat(actual.previous()).isEqualTo(expected.previous());
    assertThat(actual.newEpoch()).isEqualTo(expected.newEpoch());
  }

  @Test
  void servesTheSameBatchesInTheSameOrderAsSerialIteratorWithTheSameSeed() {
    RecordingDataset data = RecordingDataset.of(23);
    SerialIterator serial = SerialIterator.builder(data).batchSize(5).seed(42).build();
    PrefetchIterator prefetch =
        open(prefetching(data, "same-order").batchSize(5).seed(42).workers(4).prefetch(6));

    for (int i = 0; i < 30; i++) {
      assertSameBatch(Served.next(prefetch), Served.next(serial));
      assertThat(prefetch.getState()).isEqualTo(serial.getState());
    }
  }

  @Test
  void augmentsEachExampleAsSerialIteratorDoesEvenWhenItSitsInSeveralBatchesInFlight() {
    // 6 examples in batches of 4 with 8 batches planned ahead: every example is in several
    // in-flight batches of different epochs, assembled by 4 workers in any order.
    ImageAugmentation augmentation = ImageAugmentation.flipAndShift(1);
    Dataset images = SyntheticDataset.classification(6, new long[] {1, 4, 4}, 2, 1.0, 1);
    SerialIterator serial =
        SerialIterator.builder(augmentation.apply(images, 3)).batchSize(4).seed(5).build();
    PrefetchIterator prefetch =
        open(
            prefetching(augmentation.apply(images, 3), "augmented")
                .batchSize(4)
                .seed(5)
                .workers(4)
                .prefetch(8));

    for (int i = 0; i < 30; i++) {
      assertThat(prefetch.next().features()).as("batch %s", i).isEqualTo(serial.next().features());
    }
  }

  @Test
  void servesTheSameShortLastBatchAndThenStopsWithoutRepeat() {
    RecordingDataset data = RecordingDataset.of(11);
    SerialIterator serial = SerialIterator.builder(data).batchSize(4).repeat(false).build();
    PrefetchIterator prefetch =
        open(prefetching(data, "no-repeat").batchSize(4).repeat(false).workers(3));

    List<int[]> served = new ArrayList<>();
    while (prefetch.hasNext()) {
      Served expected = Served.next(serial);
      Served actual = Served.next(prefetch);
      assertSameBatch(actual, expected);
      served.add(actual.indices());
    }

    assertThat(serial.hasNext()).isFalse();
    assertThat(served).extracting(b -> b.length).containsExactly(4, 4, 3);
    assertThatThrownBy(prefetch::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void batchSizeChangeDiscardsPrefetchedBatchesOfTheOldSize() throws Exception {
    RecordingDataset data = RecordingDataset.of(50);
    SerialIterator serial = SerialIterator.builder(data).batchSize(4).seed(3).build();
    PrefetchIterator prefetch =
        open(prefetching(data, "resize").batchSize(4).seed(3).workers(2).prefetch(4));
    assertSameBatch(Served.next(prefetch), Served.next(serial));
    data.awaitCalls(5, PATIENCE); // the delivered batch and four prefetched ones of size 4

    prefetch.setBatchSize(3);
    serial.setBatchSize(3);

    for (int i = 0; i < 20; i++) {
      Served actual = Served.next(prefetch);
      assertThat(actual.indices()).hasSize(3);
      assertSameBatch(actual, Served.next(serial));
    }
    assertThat(data.calls().subList(1, 5)).allSatisfy(c -> assertThat(c).hasSize(4));
  }

  @Test
  void batchSizeChangePrefetchesTheNewSizeWithoutWaitingForTheNextCall() throws Exception {
    RecordingDataset data = RecordingDataset.of(50);
    PrefetchIterator prefetch =
        open(prefetching(data, "resize-ahead").batchSize(4).workers(2).prefetch(2));
    prefetch.next();
    data.awaitCalls(3, PATIENCE); // the delivered batch and two prefetched ones of size 4

    prefetch.setBatchSize(3);
    data.awaitCalls(5, PATIENCE);

    assertThat(data.calls().subList(3, 5)).allSatisfy(c -> assertThat(c).hasSize(3));
  }

  @Test
  void batchSizeChangeAfterEveryBatchStillMatchesSerialIterator() {
    RecordingDataset data = RecordingDataset.of(17);
    SerialIterator serial = SerialIterator.builder(data).batchSize(2).seed(9).build();
    PrefetchIterator prefetch =
        open(prefetching(data, "resize-often").batchSize(2).seed(9).workers(3).prefetch(5));

    for (int i = 0; i < 25; i++) {
      int size = 1 + (i * 7) % 6;
      serial.setBatchSize(size);
      prefetch.setBatchSize(size);
      assertSameBatch(Served.next(prefetch), Served.next(serial));
    }
  }

  @Test
  void stateDescribesTheLastDeliveredBatchNotThePrefetchFrontier() throws Exception {
    RecordingDataset data = RecordingDataset.of(20);
    SerialIterator serial = SerialIterator.builder(data).batchSize(3).seed(5).build();
    PrefetchIterator prefetch =
        open(prefetching(data, "state").batchSize(3).seed(5).workers(2).prefetch(4));
    for (int i = 0; i < 3; i++) {
      serial.next();
      prefetch.next();
    }

    data.awaitCalls(7, PATIENCE); // three delivered, four ahead

    assertThat(prefetch.getState()).isEqualTo(serial.getState());
    assertThat(prefetch.getState().position()).isEqualTo(9);
    assertThat(prefetch.getEpochDetail()).isEqualTo(serial.getEpochDetail());
  }

  @Test
  void restoredFromSerializedStateContinuesLikeTheUninterruptedRun() throws Exception {
    RecordingDataset data = RecordingDataset.of(13);
    PrefetchIterator original =
        open(prefetching(data, "save").batchSize(4).seed(11).workers(2).prefetch(3));
    for (int i = 0; i < 5; i++) {
      original.next();
    }
    data.awaitCalls(8, PATIENCE);
    StateTree saved = new StateTree();
    original.serialize(new StateWriter(saved));

    PrefetchIterator restored =
        open(prefetching(data, "load").batchSize(1).seed(11).workers(2).prefetch(3));
    restored.next(); // starts the workers on the wrong plan, which loading must replace
    restored.serialize(new StateReader(saved));
    SerialIterator serialRestored = SerialIterator.builder(data).batchSize(1).seed(11).build();
    serialRestored.serialize(new StateReader(saved));

    assertThat(restored.getBatchSize()).isEqualTo(4);
    assertThat(restored.getState()).isEqualTo(original.getState());
    for (int i = 0; i < 10; i++) {
      Served expected = Served.next(original);
      assertSameBatch(Served.next(restored), expected);
      assertSameBatch(Served.next(serialRestored), expected);
    }
  }

  @Test
  void setStateAndResetPlanAgainFromTheGivenState() {
    RecordingDataset data = RecordingDataset.of(10);
    SerialIterator serial = SerialIterator.builder(data).batchSize(3).seed(1).build();
    PrefetchIterator prefetch =
        open(prefetching(data, "set-state").batchSize(3).seed(1).workers(2));
    serial.next();
    serial.next();
    IteratorState afterTwo = serial.getState();
    List<int[]> fromStart = List.of(serial.next().features().toIntVector());
    for (int i = 0; i < 4; i++) {
      prefetch.next();
    }

    prefetch.setState(afterTwo);
    int[] resumed = RecordingDataset.indicesOf(prefetch.next());
    prefetch.reset();
    serial.reset();

    assertThat(resumed).containsExactly(fromStart.get(0));
    assertSameBatch(Served.next(prefetch), Served.next(serial));
  }

  @Test
  void rethrowsAWorkerFailureFromNextWithItsCauseAndStopsTheWorkers() {
    IllegalStateException broken = new IllegalStateException("broken example");
    RecordingDataset data = RecordingDataset.failingOn(20, 6, broken);
    PrefetchIterator prefetch =
        open(prefetching(data, "failure").batchSize(4).shuffle(false).workers(3).prefetch(4));

    assertThat(RecordingDataset.indicesOf(prefetch.next())).containsExactly(0, 1, 2, 3);
    assertThatThrownBy(prefetch::next)
        .isInstanceOf(PrefetchException.class)
        .hasMessageContaining("[4, 5, 6, 7]")
        .hasCause(broken);

    assertThat(liveThreads("failure")).isEmpty();
    assertThat(prefetch.getState().position()).isEqualTo(4);
    assertThatThrownBy(prefetch::next)
        .isInstanceOf(IllegalStateException.class)
        .hasRootCause(broken);
  }

  @Test
  void startsNamedDaemonWorkersOnlyAtTheFirstBatch() {
    RecordingDataset data = RecordingDataset.of(8);
    PrefetchIterator prefetch = open(prefetching(data, "lazy").batchSize(2).workers(3));
    assertThat(liveThreads("lazy")).isEmpty();

    prefetch.next();

    assertThat(liveThreads("lazy"))
        .hasSize(3)
        .allSatisfy(t -> assertThat(t.isDaemon()).isTrue())
        .extracting(Thread::getName)
        .containsExactlyInAnyOrder(
            "trainer4j-prefetch-lazy-0", "trainer4j-prefetch-lazy-1", "trainer4j-prefetch-lazy-2");
  }

  @Test
  void closeStopsWorkersEvenWhileTheyAreBlockedInTheDataset() throws Exception {
    RecordingDataset data = RecordingDataset.gated(8);
    PrefetchIterator prefetch = open(prefetching(data, "blocked").batchSize(2).workers(2));
    Thread consumer = new Thread(() -> assertThatThrownBy(prefetch::next));
    consumer.start();
    data.awaitCalls(2, PATIENCE);

    prefetch.close();
    consumer.join(PATIENCE.toMillis());

    assertThat(liveThreads("blocked")).isEmpty();
    assertThat(consumer.isAlive()).isFalse();
    assertThatThrownBy(prefetch::next)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void closeIsIdempotentAndLeavesNoThreads() {
    RecordingDataset data = RecordingDataset.of(8);
    PrefetchIterator prefetch = open(prefetching(data, "close-twice").batchSize(2).workers(2));
    prefetch.next();

    prefetch.close();
    prefetch.close();

    assertThat(liveThreads("close-twice")).isEmpty();
  }

  @Test
  void rejectsAStateThatDoesNotFitTheDataset() {
    RecordingDataset data = RecordingDataset.of(8);
    PrefetchIterator prefetch = open(prefetching(data, "bad-state").batchSize(2));

    assertThatThrownBy(() -> prefetch.setState(IteratorState.initial(new int[] {0, 1, 2})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 entries");
  }

  @Test
  void rejectsAnEmptyDatasetAtConstructionNamingIt() {
    Dataset empty =
        new ForwardingDataset(RecordingDataset.of(1)) {
          @Override
          public int size() {
            return 0;
          }

          @Override
          public String toString() {
            return "no-examples";
          }
        };

    assertThatThrownBy(() -> PrefetchIterator.of(empty, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dataset no-examples is empty");
  }

  @Test
  void rejectsNonPositiveSettings() {
    RecordingDataset data = RecordingDataset.of(8);
    assertThatThrownBy(() -> PrefetchIterator.builder(data).workers(0))
        .hasMessageContaining("workers must be positive");
    assertThatThrownBy(() -> PrefetchIterator.builder(data).prefetch(0))
        .hasMessageContaining("prefetch must be positive");
    assertThatThrownBy(() -> open(prefetching(data, "bad-size")).setBatchSize(0))
        .hasMessageContaining("batchSize must be positive");
  }
}
