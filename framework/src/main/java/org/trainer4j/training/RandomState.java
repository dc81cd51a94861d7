package org.trainer4j.training;

import com.google.common.base.Preconditions;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.serialization.Serializer;

/**
 * The complete state of an ND4J random generator: its root and node states. ND4J 1.0.0-M2.1's
 * native generator is counter based, so these two longs determine every later draw (dropout masks,
 * random initializations, any {@code RandomOp}). ND4J keeps one generator per thread ({@link
 * Nd4j#getRandom()} is thread-local, seeded from the clock on first use), so state is taken from
 * and put back into a thread's own generator.
 */
public record RandomState(long rootState, long nodeState) {

  /** The state of the calling thread's ND4J generator; reading it draws nothing. */
  public static RandomState ofCurrentThread() {
    Random random = Nd4j.getRandom();
    return new RandomState(random.rootState(), random.nodeState());
  }

  /** Sets the calling thread's ND4J generator to this state. */
  public void restoreToCurrentThread() {
    Nd4j.getRandom().setStates(rootState, nodeState);
  }

  /**
   * Saves the calling thread's generator state under {@code root_state} and {@code node_state}, or
   * loads it into that generator. A state without these keys (a snapshot written before they
   * existed) leaves the generator as it is.
   */
  public static void serializeCurrentThread(Serializer s) {
    Preconditions.checkNotNull(s, "serializer");
    if (s.isLoading() && !s.contains("root_state")) {
      return;
    }
    RandomState now = s.isLoading() ? null : ofCurrentThread();
    long root = s.serializeLong("root_state", now == null ? 0 : now.rootState());
    long node = s.serializeLong("node_state", now == null ? 0 : now.nodeState());
    if (s.isLoading()) {
      new RandomState(root, node).restoreToCurrentThread();
    }
  }
}
