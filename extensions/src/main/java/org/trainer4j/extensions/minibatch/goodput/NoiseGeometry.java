package org.trainer4j.extensions.minibatch.goodput;

/**
 * The space in which a goodput search measures gradient noise. The noise scale {@code B_noise =
 * tr(Sigma) / |G|^2} weighs every parameter by the square of its gradient, so under an adaptive
 * optimizer, which divides each component by its own running scale, the raw gradient's noise scale
 * describes steps the optimizer does not take. McCandlish et al. (2018, section 2.2) suggest
 * measuring it on preconditioned gradients; Pollux does so for Adam ({@code adaptdl}'s {@code
 * AdamGradientNoiseScale}).
 */
public enum NoiseGeometry {

  /** The loss gradient as the backward pass computes it. */
  RAW,

  /**
   * The gradient as the optimizer steps along it: with Adam, each component divided by the square
   * root of Adam's second-moment estimate plus its epsilon, as DL4J's Adam divides, read from the
   * model's optimizer state at the time of the estimate, that root floored at {@link
   * GradientWeights#ADAM_FLOOR} times its block's root mean square. Until Adam has taken {@link
   * GradientWeights#MIN_ADAM_STEPS} steps its estimate means little and the raw gradient is used;
   * so is it under any other optimizer.
   */
  OPTIMIZER
}
