package org.trainer4j.training;

/**
 * Extension priorities, as Chainer's: higher runs first within an iteration. Writers add
 * observations, editors change them, readers (the default) consume them.
 */
public final class Priority {

  public static final int WRITER = 300;
  public static final int EDITOR = 200;
  public static final int READER = 100;
  /** Snapshots run after everything else has seen the iteration. */
  public static final int SNAPSHOT = -100;

  private Priority() {}
}
