package org.trainer4j.model;

/**
 * Sees each training step's loss gradient after it is computed and before the optimizer turns it
 * into an update (DL4J overwrites the gradient with the update, so afterwards it is gone). What the
 * goodput search's adaptive mode uses to estimate the gradient noise scale from the gradients
 * training computes anyway, instead of extra passes.
 *
 * <p>A listener only reads: it must not change the model's parameters or gradient.
 */
@FunctionalInterface
public interface GradientListener {

  /**
   * Called once per {@link Model#fit} or {@link Model#computeGradients}, on the thread that runs
   * the step.
   *
   * @param model the model, whose {@link Model#trainedGradients()} now hold the step's gradient
   *     summed over the batch's examples
   * @param batchSize the number of examples the gradient is summed over
   */
  void gradientComputed(Model model, int batchSize);
}
