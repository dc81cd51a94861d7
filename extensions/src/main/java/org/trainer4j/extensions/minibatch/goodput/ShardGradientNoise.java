package org.trainer4j.extensions.minibatch.goodput;

import com.google.common.base.Preconditions;
import java.util.List;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.updaters.ShardGradientListener;
import org.trainer4j.training.updaters.ShardGradientNorms;

/**
 * Raw {@link GradientNoise} estimates across the shards of data-parallel steps, as Pollux estimates
 * across replicas: each step's shards are mean gradients over {@code B/N} examples and the combined
 * one over {@code B}, all at the same parameters, so unlike windows of consecutive steps ({@link
 * TrainingGradientNoise}) the estimate is unbiased however fast training moves. One step's estimate
 * is very noisy (two batch sizes only a factor {@code N} apart), so the estimates of {@code
 * stepsPerEstimate} consecutive steps at one size are averaged into one (a mean of unbiased
 * estimates, still unbiased). Register it on a {@link
 * org.trainer4j.training.updaters.ShardGradientSource}; a change of batch size starts a new
 * average, and the unfinished one is part of {@link #serialize}.
 */
public final class ShardGradientNoise implements ShardGradientListener {

  private final CompletedEstimates completed = new CompletedEstimates();
  private int stepsPerEstimate;
  private int batchSize;
  private int steps;
  private double sqrSum;
  private double traceSum;

  /**
   * @param stepsPerEstimate steps averaged into one estimate, at least 1
   */
  public ShardGradientNoise(int stepsPerEstimate) {
    setStepsPerEstimate(stepsPerEstimate);
  }

  /** Steps averaged into each later estimate (the one under way included). */
  public synchronized void setStepsPerEstimate(int steps) {
    Preconditions.checkArgument(steps >= 1, "stepsPerEstimate must be at least 1: %s", steps);
    this.stepsPerEstimate = steps;
  }

  public synchronized int stepsPerEstimate() {
    return stepsPerEstimate;
  }

  @Override
  public synchronized void shardGradients(ShardGradientNorms norms) {
    Preconditions.checkNotNull(norms, "norms");
    if (norms.batchSize() != batchSize) {
      batchSize = norms.batchSize();
      steps = 0;
      sqrSum = 0;
      traceSum = 0;
    }
    GradientNoise step =
        GradientNoise.fromTwoBatches(
            norms.shardSize(),
            norms.meanShardSquaredNorm(),
            norms.batchSize(),
            norms.combinedSquaredNorm());
    sqrSum += step.gradientSquared();
    traceSum += step.trace();
    if (++steps >= stepsPerEstimate) {
      completed.add(new GradientNoise(sqrSum / steps, traceSum / steps));
      steps = 0;
      sqrSum = 0;
      traceSum = 0;
    }
  }

  /** The estimates completed since the last call, oldest first. */
  public synchronized List<GradientNoise> drain() {
    return completed.drain();
  }

  /** Steps in the unfinished average. */
  public synchronized int pendingSteps() {
    return steps;
  }

  /** The unfinished average and the undrained estimates. */
  public synchronized void serialize(Serializer s) {
    stepsPerEstimate = s.serializeInt("steps_per_estimate", stepsPerEstimate);
    batchSize = s.serializeInt("batch_size", batchSize);
    steps = s.serializeInt("steps", steps);
    sqrSum = s.serializeDouble("sqr_sum", sqrSum);
    traceSum = s.serializeDouble("trace_sum", traceSum);
    if (s.isLoading()) {
      Preconditions.checkState(
          stepsPerEstimate >= 1 && steps >= 0 && steps < stepsPerEstimate,
          "snapshot's shard average (%s of %s steps) is not a valid state",
          steps,
          stepsPerEstimate);
    }
    completed.serialize(s);
  }
}
