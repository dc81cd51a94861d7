package org.trainer4j.testing;

import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;
import org.trainer4j.training.Updater;

/**
 * Puts an updater where a resumed run would find it, by the only way users have: a state round trip
 * in which the saved iteration count is {@code iteration}.
 */
public final class Resumed {

  private Resumed() {}

  /**
   * Loads {@code updater}'s own state back with its completed-update count set to {@code
   * iteration}.
   */
  public static void atIteration(Updater updater, long iteration) {
    StateTree state = new StateTree();
    updater.serialize(new StateWriter(state));
    state.put("iteration", iteration);
    updater.serialize(new StateReader(state));
  }
}
