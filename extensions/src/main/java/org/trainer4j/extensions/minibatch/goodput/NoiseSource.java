package org.trainer4j.extensions.minibatch.goodput;

/**
 * Where a goodput search gets raw {@link GradientNoise} estimates: on a real model, gradients of a
 * model copy over batches of the copied iterator state ({@link ModelNoiseSource}); in tests, a
 * problem whose gradient statistics are known.
 */
public interface NoiseSource {

  /**
   * One raw estimate from a batch of {@code batchSize} examples: across {@code shards} equal shards
   * when {@code shards >= 2} (what data-parallel replicas compute), otherwise as the source chooses
   * (the model's source: four ghost shards).
   *
   * @param batchSize examples in the batch, at least 2, a multiple of {@code shards}
   * @param shards the replica count, or 1 for a single model
   */
  GradientNoise estimate(int batchSize, int shards);
}
