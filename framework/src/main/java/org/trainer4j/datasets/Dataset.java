package org.trainer4j.datasets;

/**
 * An indexable collection of labelled examples, Chainer's dataset in Java. Iterators choose the
 * indices; the dataset assembles them into a {@link Batch}. Implementations must be safe to call
 * from several threads at once, because prefetching iterators assemble batches in the background.
 */
public interface Dataset {

  /** Number of examples. */
  int size();

  /** Shape of one example's features, without the batch dimension (e.g. {@code [784]}). */
  long[] exampleShape();

  /** Width of one example's label vector (the number of classes for a classification set). */
  int labelWidth();

  /**
   * Assembles the examples at {@code indices}, in that order, into one batch.
   *
   * @throws IndexOutOfBoundsException naming the offending index
   */
  Batch get(int[] indices);

  /**
   * Saves the state that {@link #get} advances (an augmentation's per-example draw counts) and
   * returns the action that puts it back. Datasets whose batches do not depend on earlier calls
   * return a no-op; decorators pass the call on. The minibatch-size search uses it so that probing
   * leaves every later batch as it would have been.
   */
  default Runnable saveDrawState() {
    return () -> {};
  }

  /** A short human-readable description for logs and result files (name, size, whether real). */
  default String describe() {
    return getClass().getSimpleName() + "(" + size() + " examples)";
  }
}
