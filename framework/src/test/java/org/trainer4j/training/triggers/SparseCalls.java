package org.trainer4j.training.triggers;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;
import org.trainer4j.training.Trigger;

/**
 * Chainer's sparse-call tests ask a trigger at a random half of the iterations and expect it to
 * report every boundary passed since its last question. Here every subset of the iterations is
 * tried instead of ten random ones, so the cases are exhaustive and deterministic.
 */
final class SparseCalls {

  private SparseCalls() {}

  /** Positions at which a test asks: {@code asks()[i]} asks at position i. */
  record Mask(boolean[] asks) {
    @Override
    public String toString() {
      return IntStream.range(0, asks.length).filter(i -> asks[i]).boxed().toList().toString();
    }
  }

  /** Every subset of {@code n} positions. */
  static Stream<Mask> allMasks(int n) {
    return IntStream.range(0, 1 << n)
        .mapToObj(
            bits -> {
              boolean[] mask = new boolean[n];
              for (int i = 0; i < n; i++) {
                mask[i] = (bits & (1 << i)) != 0;
              }
              return new Mask(mask);
            });
  }

  /**
   * Chainer's expectation for sparse calls: at each asked position, whether any position since the
   * previous question (this one included) expected a firing. {@code carry} starts as the firing
   * accumulated and not yet reported before position 0.
   */
  static List<Boolean> accumulated(boolean[] expected, boolean[] mask, boolean[] carry) {
    List<Boolean> answers = new ArrayList<>();
    for (int i = 0; i < expected.length; i++) {
      carry[0] |= expected[i];
      if (mask[i]) {
        answers.add(carry[0]);
        carry[0] = false;
      }
    }
    return answers;
  }

  static StateTree save(Trigger trigger) {
    StateTree state = new StateTree();
    trigger.serialize(new StateWriter(state));
    return state;
  }

  static <T extends Trigger> T load(T trigger, StateTree state) {
    trigger.serialize(new StateReader(state));
    return trigger;
  }

  static boolean[] prefix(boolean[] values, int end) {
    return java.util.Arrays.copyOfRange(values, 0, end);
  }

  static boolean[] suffix(boolean[] values, int start) {
    return java.util.Arrays.copyOfRange(values, start, values.length);
  }

  /** {@code false} followed by {@code values}: Chainer's question before the first update. */
  static boolean[] falseThen(boolean[] values) {
    boolean[] all = new boolean[values.length + 1];
    System.arraycopy(values, 0, all, 1, values.length);
    return all;
  }
}
