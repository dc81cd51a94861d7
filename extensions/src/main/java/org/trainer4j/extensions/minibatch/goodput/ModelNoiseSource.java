package org.trainer4j.extensions.minibatch.goodput;

import com.google.common.base.Preconditions;
import java.util.function.IntFunction;
import org.trainer4j.datasets.Batch;
import org.trainer4j.model.Model;

/**
 * Gradient noise estimates of a DL4J model with {@link GradientProbe}, on batches from a supplier
 * (in a search, the probe run's copy of the iterator state, so the live iterator never moves). Give
 * it a model copy: the probe overwrites the model's last gradient.
 */
public final class ModelNoiseSource implements NoiseSource {

  /**
   * A single model's estimate cuts the noise batch into this many ghost shards: the small-batch
   * term is then the mean of four shards' squared norms rather than one quarter's, and with batch
   * normalization both terms see the same per-shard statistics (the two-batch estimate normalizes
   * its big pass over the whole batch, which pulled |G|^2 below zero on the full-data MLP).
   */
  public static final int GHOST_SHARDS = 4;

  /**
   * The shards an estimate over {@code batchSize} examples cuts them into: the replicas', or for a
   * single model ({@code shards} 1) {@link #GHOST_SHARDS}, 2 when the batch is too small for them.
   * An estimate makes one forward and backward pass per shard.
   */
  public static int shardsFor(int batchSize, int shards) {
    if (shards >= 2) {
      return shards;
    }
    return batchSize >= 2 * GHOST_SHARDS ? GHOST_SHARDS : 2;
  }

  private final Model model;
  private final IntFunction<Batch> batches;
  private final NoiseGeometry geometry;

  /**
   * @param model the model whose gradients are measured (a copy: it is never updated, but its
   *     gradient is overwritten)
   * @param batches the next batch of a given size
   */
  public ModelNoiseSource(Model model, IntFunction<Batch> batches) {
    this(model, batches, NoiseGeometry.RAW);
  }

  /**
   * @param model the model whose gradients are measured (a copy: it is never updated, but its
   *     gradient is overwritten)
   * @param batches the next batch of a given size
   * @param geometry where the noise is measured
   */
  public ModelNoiseSource(Model model, IntFunction<Batch> batches, NoiseGeometry geometry) {
    this.model = Preconditions.checkNotNull(model, "model");
    this.batches = Preconditions.checkNotNull(batches, "batches");
    this.geometry = Preconditions.checkNotNull(geometry, "geometry");
  }

  @Override
  public GradientNoise estimate(int batchSize, int shards) {
    Preconditions.checkArgument(batchSize >= 2, "batchSize must be at least 2: %s", batchSize);
    Preconditions.checkArgument(shards > 0, "shards must be positive: %s", shards);
    int n = shardsFor(batchSize, shards);
    // The shards must divide the batch: a single model's leaves out the few examples over a
    // multiple (replicas' batches are multiples already).
    return GradientProbe.shards(model, batches.apply(batchSize - batchSize % n), n, geometry);
  }
}
