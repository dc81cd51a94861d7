package org.trainer4j.training;

import org.trainer4j.serialization.Serializer;

/**
 * Something the trainer runs at chosen iterations: a report, a snapshot, a schedule. Only {@link
 * #call} is required; the defaults give Chainer's trigger (every iteration), priority (READER) and
 * name (the class name).
 */
public interface Extension {

  /** Runs the extension; called when its trigger fires. */
  void call(Trainer trainer);

  /**
   * The trigger used when {@code extend} is given none; by default every iteration. Return a new
   * instance each time.
   */
  default Trigger defaultTrigger() {
    return new EveryIteration();
  }

  /** The priority used when {@code extend} is given none. */
  default int defaultPriority() {
    return Priority.READER;
  }

  /**
   * The name used when {@code extend} is given none: the class's simple name. A lambda or an
   * anonymous class has none, so it is named after the class that declares it, {@code Outer$lambda}
   * or {@code Outer$1} (javac's number), which stays the same from run to run as snapshots need;
   * the trainer adds {@code _1}, {@code _2} to repeated names. Chainer names a plain function after
   * itself.
   */
  default String defaultName() {
    return ExtensionNames.of(getClass());
  }

  /** Whether to call the extension once before the first iteration of a fresh run. */
  default boolean callBeforeTraining() {
    return false;
  }

  /** Called once when the run starts (also after a resume), unless the trigger has finished. */
  default void initialize(Trainer trainer) {}

  /** Called when training throws, before the exception propagates; must not throw itself. */
  default void onError(Trainer trainer, Throwable error) {}

  /** Called once when the run ends, normally or not. */
  default void finish(Trainer trainer) {}

  /** Saves or loads the extension's state. */
  default void serialize(Serializer serializer) {}
}
