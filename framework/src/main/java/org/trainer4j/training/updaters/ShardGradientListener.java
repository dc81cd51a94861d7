package org.trainer4j.training.updaters;

/**
 * Sees the gradient norms of every step of a data-parallel updater ({@link ShardGradientSource}),
 * e.g. to estimate the gradient noise scale across replicas as Pollux does. Called on the thread
 * that runs {@code Updater.update()}, after the step; it only reads numbers.
 */
@FunctionalInterface
public interface ShardGradientListener {

  void shardGradients(ShardGradientNorms norms);
}
