package org.trainer4j.extensions.minibatch;

import java.util.List;

/**
 * Ends a search whose first size takes longer for one step than the search may spend in all: no
 * measurement fits, so the search keeps the size training starts at and says why, instead of timing
 * windows it cannot pay for ({@link WarmUp}). Thrown inside {@link Prober}'s measurement and caught
 * by {@link Prober#guard}, so that every strategy ends the same way.
 */
final class UnaffordableStep extends RuntimeException {

  private final transient Measurement warmUp;

  UnaffordableStep(
      int batchSize, int steps, double seconds, double fastestStepSeconds, double budgetSeconds) {
    super(
        String.format(
            "one step at %d took %.3g s, more than the search may spend (%.3g s): nothing measured",
            batchSize, fastestStepSeconds, budgetSeconds),
        null,
        false,
        false);
    // The warm-up's fastest step, as a one-window record of what the size cost: nothing decides
    // from it, the trace and the result files show it.
    this.warmUp =
        new Measurement(
            batchSize,
            List.of(fastestStepSeconds / batchSize),
            steps,
            steps,
            seconds,
            -1,
            true,
            getMessage());
  }

  /** The record of the warm-up that found the step unaffordable. */
  Measurement warmUp() {
    return warmUp;
  }
}
