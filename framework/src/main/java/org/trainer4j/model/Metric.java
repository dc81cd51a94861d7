package org.trainer4j.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A quantity measured from a network's output and the labels, summed over examples so that batches
 * of different sizes (and ranks holding different rows) add up to an exact mean.
 */
public interface Metric {

  /** The name it is reported under, e.g. {@code accuracy} for {@code main/accuracy}. */
  String name();

  /** Whether it means anything for these labels (accuracy: one-hot classes, not regression). */
  boolean appliesTo(INDArray labels);

  /**
   * The sum over the batch's examples, e.g. the number classified correctly; NaN if {@code output}
   * does not have the labels' shape.
   */
  double sum(INDArray output, INDArray labels);
}
