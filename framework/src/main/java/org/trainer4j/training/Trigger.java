package org.trainer4j.training;

import org.trainer4j.serialization.Serializer;

/**
 * Decides whether an extension fires (or training stops) at the current iteration. The trainer asks
 * each trigger once per iteration; the built-in triggers of {@code org.trainer4j.training.triggers}
 * answer repeated questions within one iteration identically.
 */
public interface Trigger {

  /** True if the extension should run now. */
  boolean test(Trainer trainer);

  /** True once the trigger can never fire again; its extension's initialize is then skipped. */
  default boolean isFinished() {
    return false;
  }

  /** Saves or loads state; stateless triggers keep the default no-op. */
  default void serialize(Serializer serializer) {}
}
