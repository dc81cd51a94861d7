package org.trainer4j.model;

/**
 * What one training step measured.
 *
 * @param loss the loss of the batch before the update (DL4J's score, regularization included)
 * @param accuracy fraction of the batch classified correctly, or NaN when the model is not a
 *     classifier
 * @param batchSize number of examples in the batch
 */
public record StepResult(double loss, double accuracy, int batchSize) {

  /** True when {@link #accuracy()} was measured. */
  public boolean hasAccuracy() {
    return !Double.isNaN(accuracy);
  }
}
