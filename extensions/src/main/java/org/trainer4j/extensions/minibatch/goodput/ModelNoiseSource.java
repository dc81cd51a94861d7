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

  /** The two-batch estimate uses the batch and its first {@code 1 / SMALL_SHARE} examples. */
  static final int SMALL_SHARE = 4;

  private final Model model;
  private final IntFunction<Batch> batches;

  /**
   * @param model the model whose gradients are measured (a copy: it is never updated, but its
   *     gradient is overwritten)
   * @param batches the next batch of a given size
   */
  public ModelNoiseSource(Model model, IntFunction<Batch> batches) {
    this.model = Preconditions.checkNotNull(model, "model");
    this.batches = Preconditions.checkNotNull(batches, "batches");
  }

  @Override
  public GradientNoise estimate(int batchSize, int shards) {
    Preconditions.checkArgument(batchSize >= 2, "batchSize must be at least 2: %s", batchSize);
    Preconditions.checkArgument(shards > 0, "shards must be positive: %s", shards);
    Batch batch = batches.apply(batchSize);
    if (shards >= 2) {
      return GradientProbe.shards(model, batch, shards);
    }
    return GradientProbe.twoBatches(model, batch, Math.max(1, batchSize / SMALL_SHARE));
  }
}
