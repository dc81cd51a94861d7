package org.trainer4j.extensions.minibatch.goodput;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.model.GradientListener;
import org.trainer4j.model.Model;
import org.trainer4j.serialization.Serializer;

/**
 * Raw {@link GradientNoise} estimates from the gradients training computes anyway, as Pollux
 * estimates during training instead of with extra passes: the mean gradients of {@code window}
 * consecutive steps at one batch size {@code B} are taken as the shards of one batch of {@code
 * window x B} examples ({@link GradientNoise#fromShards}), as the ghost shards of a search's noise
 * batch. Register it on the live model ({@link Model#addGradientListener}); it only reads the
 * gradient.
 *
 * <p>The parameters move between the steps of a window, so the combined gradient averages a few
 * nearby points, which lowers {@code |G|^2} and raises the noise scale: not a little under Adam
 * early in training (4-15x above extra passes at the same parameters on the main job's CNN; equal
 * at a learning rate of zero), which is why {@code GoodputOptimizer} reads it only when asked. A
 * change of batch size starts a new window. The unfinished window is part of {@link #serialize}, so
 * a resumed run completes it as the uninterrupted one does.
 */
public final class TrainingGradientNoise implements GradientListener {

  private final int window;
  private final NoiseGeometry geometry;
  private final CompletedEstimates completed = new CompletedEstimates();
  private int batchSize;
  private int steps;
  private double[] squaredNorms;
  private INDArray sum;
  private boolean active = true;

  /**
   * @param window consecutive steps per estimate, at least 2
   */
  public TrainingGradientNoise(int window) {
    this(window, NoiseGeometry.RAW);
  }

  /**
   * @param window consecutive steps per estimate, at least 2
   * @param geometry where the noise is measured; the optimizer's weights are read at every step
   */
  public TrainingGradientNoise(int window, NoiseGeometry geometry) {
    Preconditions.checkArgument(window >= 2, "window must be at least 2: %s", window);
    this.window = window;
    this.geometry = Preconditions.checkNotNull(geometry, "geometry");
    this.squaredNorms = new double[window];
  }

  public int window() {
    return window;
  }

  /**
   * Whether the next steps are read (true at first). Reading costs a copy of the gradient and two
   * reductions per step, several % of a small CNN's step, so a caller that needs only some windows
   * switches it on for whole windows at a time.
   */
  public synchronized void setActive(boolean active) {
    this.active = active;
  }

  @Override
  public synchronized void gradientComputed(Model model, int batchSize) {
    Preconditions.checkNotNull(model, "model");
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive: %s", batchSize);
    if (!active) {
      return;
    }
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      // In the gradient's own precision: the statistics' sampling noise is far above float's
      // rounding (a double copy measured no dearer on the CNN, but buys nothing).
      if (geometry == NoiseGeometry.RAW) {
        add(Nd4j.toFlattened(model.trainedGradients().values()).divi(batchSize), batchSize);
      } else {
        add(
            GradientProbe.weighted(
                model.gradients(), GradientWeights.vector(model, geometry), batchSize),
            batchSize);
      }
    }
  }

  /** One step's mean gradient over {@code batchSize} examples (what the listener computes). */
  synchronized void add(INDArray meanGradient, int batchSize) {
    if (batchSize != this.batchSize || (sum != null && sum.length() != meanGradient.length())) {
      restart(batchSize);
    }
    double norm = meanGradient.norm2Number().doubleValue();
    squaredNorms[steps++] = norm * norm;
    if (sum == null) {
      sum = meanGradient.dup();
    } else {
      sum.addi(meanGradient);
    }
    if (steps == window) {
      double combined = sum.norm2Number().doubleValue() / window;
      completed.add(GradientNoise.fromShards(batchSize, squaredNorms.clone(), combined * combined));
      restart(batchSize);
    }
  }

  /** The estimates completed since the last call, oldest first. */
  public synchronized List<GradientNoise> drain() {
    return completed.drain();
  }

  /** Steps in the unfinished window. */
  public synchronized int pendingSteps() {
    return steps;
  }

  /** The unfinished window and the undrained estimates. */
  public synchronized void serialize(Serializer s) {
    batchSize = s.serializeInt("batch_size", batchSize);
    steps = s.serializeInt("steps", steps);
    squaredNorms = s.serializeDoubleArray("squared_norms", squaredNorms);
    sum = s.serializeArray("sum", steps == 0 ? null : sum);
    if (s.isLoading()) {
      Preconditions.checkState(
          squaredNorms.length == window && steps >= 0 && steps < window,
          "snapshot's gradient window (%s of %s steps) does not fit a window of %s",
          steps,
          squaredNorms.length,
          window);
    }
    completed.serialize(s);
  }

  private void restart(int batchSize) {
    this.batchSize = batchSize;
    this.steps = 0;
    this.sum = null;
    Arrays.fill(squaredNorms, 0);
  }
}
