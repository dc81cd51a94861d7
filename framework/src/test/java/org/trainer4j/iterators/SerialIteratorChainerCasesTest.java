package org.trainer4j.iterators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;

/**
 * Chainer's {@code test_serial_iterator.py}, case by case, run against both iterators, which plan
 * their batches with the same sampler. Chainer's datasets hold the values 1..n; here a batch's
 * values are its example indices plus one, so the expected lists read as Chainer's. Cases with a
 * custom {@code order_sampler} and the pre-v2 snapshot keys have no counterpart (see
 * docs/chainer-semantics.md).
 */
class SerialIteratorChainerCasesTest {

  private static final double EPS = 1e-12;

  /** Makes the iterator under test. */
  interface Kind {
    BatchIterator make(RecordingDataset data, int batchSize, boolean repeat, boolean shuffle);
  }

  record Named(String name, Kind kind) {
    @Override
    public String toString() {
      return name;
    }
  }

  private final List<BatchIterator> opened = new ArrayList<>();

  @AfterEach
  void closeIterators() {
    opened.forEach(BatchIterator::close);
  }

  static Stream<Named> kinds() {
    return Stream.of(
        new Named(
            "SerialIterator",
            (d, b, r, s) -> SerialIterator.builder(d).batchSize(b).repeat(r).shuffle(s).build()),
        new Named(
            "PrefetchIterator",
            (d, b, r, s) ->
                PrefetchIterator.builder(d)
                    .batchSize(b)
                    .repeat(r)
                    .shuffle(s)
                    .workers(2)
                    .prefetch(3)
                    .build()));
  }

  private BatchIterator open(Named n, int size, int batchSize, boolean repeat, boolean shuffle) {
    BatchIterator it = n.kind().make(RecordingDataset.of(size), batchSize, repeat, shuffle);
    opened.add(it);
    return it;
  }

  private static List<Integer> values(BatchIterator it) {
    return Arrays.stream(RecordingDataset.indicesOf(it.next())).map(i -> i + 1).boxed().toList();
  }

  private static List<Integer> sorted(List<List<Integer>> batches) {
    return batches.stream().flatMap(List::stream).sorted().toList();
  }

  private static List<Integer> oneTo(int n) {
    return IntStream.rangeClosed(1, n).boxed().toList();
  }

  /** The next batch is {@code values}; afterwards the iterator reports these positions. */
  private static void next(
      BatchIterator it, List<Integer> values, boolean newEpoch, double detail, double previous) {
    assertThat(values(it)).isEqualTo(values);
    assertPosition(it, newEpoch, detail, previous);
  }

  private static void assertPosition(
      BatchIterator it, boolean newEpoch, double detail, double previous) {
    assertThat(it.isNewEpoch()).isEqualTo(newEpoch);
    assertThat(it.getEpochDetail()).isCloseTo(detail, offset(EPS));
    assertThat(it.getPreviousEpochDetail()).isCloseTo(previous, offset(EPS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void repeatInOrder(Named n) {
    BatchIterator it = open(n, 6, 2, true, false);
    for (int i = 0; i < 3; i++) {
      assertThat(it.getEpoch()).isEqualTo(i);
      assertThat(it.getEpochDetail()).isCloseTo(i, offset(EPS));
      if (i == 0) {
        assertThat(it.getPreviousEpochDetail()).isNull();
      } else {
        assertThat(it.getPreviousEpochDetail()).isCloseTo(i - 2 / 6.0, offset(EPS));
      }
      next(it, List.of(1, 2), false, i + 2 / 6.0, i);
      next(it, List.of(3, 4), false, i + 4 / 6.0, i + 2 / 6.0);
      next(it, List.of(5, 6), true, i + 1, i + 4 / 6.0);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void repeatInOrderNotEven(Named n) {
    BatchIterator it = open(n, 5, 2, true, false);
    assertThat(it.getEpoch()).isZero();
    assertThat(it.getPreviousEpochDetail()).isNull();

    next(it, List.of(1, 2), false, 2 / 5.0, 0);
    next(it, List.of(3, 4), false, 4 / 5.0, 2 / 5.0);
    next(it, List.of(5, 1), true, 6 / 5.0, 4 / 5.0);
    assertThat(it.getEpoch()).isEqualTo(1);
    next(it, List.of(2, 3), false, 8 / 5.0, 6 / 5.0);
    next(it, List.of(4, 5), true, 10 / 5.0, 8 / 5.0);
    assertThat(it.getEpoch()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void withoutRepeatInOrder(Named n) {
    BatchIterator it = open(n, 6, 2, false, false);
    assertThat(it.getPreviousEpochDetail()).isNull();

    next(it, List.of(1, 2), false, 2 / 6.0, 0);
    next(it, List.of(3, 4), false, 4 / 6.0, 2 / 6.0);
    next(it, List.of(5, 6), true, 1, 4 / 6.0);

    assertThat(it.getEpoch()).isEqualTo(1);
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void withoutRepeatInOrderNotEven(Named n) {
    BatchIterator it = open(n, 5, 2, false, false);

    next(it, List.of(1, 2), false, 2 / 5.0, 0);
    next(it, List.of(3, 4), false, 4 / 5.0, 2 / 5.0);
    next(it, List.of(5), true, 1, 4 / 5.0);

    assertThat(it.getEpoch()).isEqualTo(1);
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void repeatShuffledServesEveryExampleOncePerEpoch(Named n) {
    BatchIterator it = open(n, 6, 2, true, true);
    for (int i = 0; i < 3; i++) {
      assertThat(it.getEpoch()).isEqualTo(i);
      List<List<Integer>> batches = new ArrayList<>();
      batches.add(values(it));
      assertPosition(it, false, i + 2 / 6.0, i);
      batches.add(values(it));
      assertPosition(it, false, i + 4 / 6.0, i + 2 / 6.0);
      batches.add(values(it));
      assertPosition(it, true, i + 1, i + 4 / 6.0);
      assertThat(batches).allSatisfy(b -> assertThat(b).hasSize(2));
      assertThat(sorted(batches)).isEqualTo(oneTo(6));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void repeatShuffledNotEvenServesEachEpochWhole(Named n) {
    BatchIterator it = open(n, 5, 2, true, true);
    List<Integer> served = new ArrayList<>();

    for (int i = 0; i < 5; i++) {
      served.addAll(values(it));
    }

    assertThat(served.subList(0, 5).stream().sorted().toList()).isEqualTo(oneTo(5));
    assertThat(served.subList(5, 10).stream().sorted().toList()).isEqualTo(oneTo(5));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void withoutRepeatShuffledServesEveryExampleOnceThenStops(Named n) {
    BatchIterator it = open(n, 6, 2, false, true);

    List<List<Integer>> batches = List.of(values(it), values(it), values(it));

    assertThat(sorted(batches)).isEqualTo(oneTo(6));
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void withoutRepeatShuffledNotEvenEndsWithAShortBatch(Named n) {
    BatchIterator it = open(n, 5, 2, false, true);
    assertThat(it.getPreviousEpochDetail()).isNull();

    List<Integer> first = values(it);
    assertPosition(it, false, 2 / 5.0, 0);
    List<Integer> second = values(it);
    assertPosition(it, false, 4 / 5.0, 2 / 5.0);
    List<Integer> third = values(it);
    assertPosition(it, true, 1, 4 / 5.0);

    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    assertThat(third).hasSize(1);
    assertThat(sorted(List.of(first, second, third))).isEqualTo(oneTo(5));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void shuffledEpochsOfOneBatchComeInDifferentOrders(Named n) {
    BatchIterator it = open(n, 10, 10, true, true);

    assertThat(values(it)).isNotEqualTo(values(it));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void shuffledEpochsNotDividedByTheBatchComeInDifferentOrders(Named n) {
    BatchIterator it = open(n, 10, 3, true, true);
    List<Integer> served = new ArrayList<>();

    for (int i = 0; i < 7; i++) {
      served.addAll(values(it));
    }

    assertThat(served.subList(0, 10)).isNotEqualTo(served.subList(10, 20));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void resetStartsAnotherSingleEpoch(Named n) {
    BatchIterator it = open(n, 5, 2, false, true);
    for (int trial = 0; trial < 4; trial++) {
      List<List<Integer>> batches = List.of(values(it), values(it), values(it));

      assertThat(sorted(batches)).isEqualTo(oneTo(5));
      assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
      assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
      it.reset();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void aReloadedIteratorContinuesTheEpoch(Named n) {
    BatchIterator it = open(n, 6, 2, true, true);
    assertThat(it.getPreviousEpochDetail()).isNull();
    List<Integer> first = values(it);
    assertPosition(it, false, 2 / 6.0, 0);
    List<Integer> second = values(it);
    assertPosition(it, false, 4 / 6.0, 2 / 6.0);
    StateTree state = new StateTree();
    it.serialize(new StateWriter(state));

    BatchIterator restored = open(n, 6, 2, true, true);
    restored.serialize(new StateReader(state));
    assertPosition(restored, false, 4 / 6.0, 2 / 6.0);
    List<Integer> third = values(restored);

    assertPosition(restored, true, 1, 4 / 6.0);
    assertThat(sorted(List.of(first, second, third))).isEqualTo(oneTo(6));
  }
}
