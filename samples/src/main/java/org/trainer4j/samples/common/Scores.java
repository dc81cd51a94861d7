package org.trainer4j.samples.common;

import org.trainer4j.datasets.Dataset;
import org.trainer4j.extensions.evaluation.Evaluator;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;

/** Whole-dataset evaluation for the samples, through the {@link Evaluator} extension's logic. */
public final class Scores {

  private Scores() {}

  /** Loss and accuracy of {@code model} on every example of {@code data}, in evaluation mode. */
  public static Evaluator.Result of(Model model, Dataset data) {
    return Evaluator.of(iterator(data)).evaluate(model);
  }

  /** A non-repeating, in-order iterator for evaluating {@code data}. */
  public static SerialIterator iterator(Dataset data) {
    return SerialIterator.builder(data).batchSize(500).repeat(false).shuffle(false).build();
  }

  /** Error rate in percent. */
  public static double errorPercent(Evaluator.Result result) {
    return 100 * (1 - result.accuracy());
  }
}
