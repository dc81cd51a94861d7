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
   * Assembles the examples at {@code indices} as an iterator serves them: {@code epochs[k]} is the
   * epoch in which {@code indices[k]} is served. Datasets that draw randomness per example (image
   * augmentation) key it on (index, epoch), so what they draw follows from the iterator's plan
   * alone: not from thread timing, and not from any state a snapshot would have to hold. The
   * default ignores the epochs; decorators pass them on.
   *
   * @throws IndexOutOfBoundsException naming the offending index
   * @throws IllegalArgumentException if the arrays differ in length
   */
  default Batch get(int[] indices, int[] epochs) {
    return get(indices);
  }

  /** A short human-readable description for logs and result files (name, size, whether real). */
  default String describe() {
    return getClass().getSimpleName() + "(" + size() + " examples)";
  }
}
