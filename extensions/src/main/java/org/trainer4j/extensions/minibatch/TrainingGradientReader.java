package org.trainer4j.extensions.minibatch;

import java.util.ArrayList;
import java.util.List;
import org.trainer4j.extensions.minibatch.goodput.GradientNoise;
import org.trainer4j.extensions.minibatch.goodput.NoiseGeometry;
import org.trainer4j.extensions.minibatch.goodput.ShardGradientNoise;
import org.trainer4j.extensions.minibatch.goodput.TrainingGradientNoise;
import org.trainer4j.model.Model;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Updater;
import org.trainer4j.training.updaters.ShardGradientSource;

/**
 * The gradient noise estimates an adaptive {@link GoodputOptimizer} reads from training itself
 * ({@link TrainingGradients}): across the shards of a data-parallel updater's steps ({@link
 * ShardGradientNoise}), or from windows of a single model's consecutive steps ({@link
 * TrainingGradientNoise}). It decides which steps are read as a function of the iteration, so a
 * resumed run reads the same steps, and keeps what it read in the snapshot.
 */
final class TrainingGradientReader {

  /** Windows of consecutive steps start at least this many window lengths apart. */
  static final int MIN_SPACING_WINDOWS = 8;

  private final TrainingGradients mode;
  private final NoiseGeometry geometry;
  private final int everyEpochs;
  private final int estimatesPerPeriod;
  private final TrainingGradientNoise windows;
  private final ShardGradientNoise shards = new ShardGradientNoise(1);
  private Model tapped;
  private ShardGradientSource source;

  /**
   * @param window consecutive steps per window estimate
   * @param estimatesPerPeriod raw estimates wanted between two re-estimates
   * @param geometry where the search measures noise: the windows measure there too; the shards'
   *     norms come from the updater in the raw geometry, so only a raw search reads them
   */
  TrainingGradientReader(
      TrainingGradients mode,
      int everyEpochs,
      int window,
      int estimatesPerPeriod,
      NoiseGeometry geometry) {
    this.mode = mode;
    this.everyEpochs = everyEpochs;
    this.estimatesPerPeriod = estimatesPerPeriod;
    this.geometry = geometry;
    this.windows = new TrainingGradientNoise(window, geometry);
  }

  /** Starts reading the live training, if the mode and the updater allow. */
  void start(Trainer trainer) {
    if (everyEpochs <= 0 || mode == TrainingGradients.NONE || reading()) {
      return;
    }
    Updater updater = trainer.getUpdater();
    if (updater instanceof ShardGradientSource s && s.shardCount() >= 2) {
      if (geometry != NoiseGeometry.RAW) {
        return; // the updater's shard norms are raw: mixing them in would change the geometry
      }
      source = s;
      source.addShardGradientListener(shards);
    } else if (mode == TrainingGradients.ACROSS_SHARDS_OR_STEPS) {
      tapped = updater.getOptimizer().getModel();
      tapped.addGradientListener(windows);
    }
  }

  /** Stops reading (the end of training, or an error). */
  void stop() {
    if (source != null) {
      source.removeShardGradientListener(shards);
      source = null;
    }
    if (tapped != null) {
      tapped.removeGradientListener(windows);
      tapped = null;
    }
  }

  /** Whether training's gradients are being read. */
  boolean reading() {
    return source != null || tapped != null;
  }

  /** The estimates completed since the last call. */
  List<GradientNoise> drain() {
    List<GradientNoise> out = new ArrayList<>(shards.drain());
    out.addAll(windows.drain());
    return out;
  }

  /** Sets up the reading of the next step, after everything of the step just taken. */
  void beforeStep(Updater updater) {
    if (!reading()) {
      return; // every iteration: nothing to work out when nothing is read
    }
    long period = Math.max(1, everyEpochs * stepsPerEpoch(updater));
    if (source != null) {
      // Every step is read (a norm per shard and one combined: on the main job's CNN with 2
      // replicas, 1.04x a step by the median of 9 interleaved blocks, 0.92-1.31x, within the
      // noise); the steps of a period are averaged into as many estimates as the smoothing keeps
      // in view.
      shards.setStepsPerEstimate((int) Math.max(1, period / estimatesPerPeriod));
    }
    if (tapped != null) {
      windows.setActive(windowDue(updater, period));
    }
  }

  /**
   * Whether the next step belongs to a window: whole windows spaced evenly over the period, at
   * least {@link #MIN_SPACING_WINDOWS} windows' length apart, so the reading (a copy of the
   * gradient per step, several % of a CNN step) costs a small share of the training (on a 2-epoch
   * training of 86 steps an epoch, windows at almost every step made adaptive goodput 1.26x the
   * best size against one-shot's 1.04x).
   */
  private boolean windowDue(Updater updater, long period) {
    int window = windows.window();
    long spacing = Math.max((long) MIN_SPACING_WINDOWS * window, period / estimatesPerPeriod);
    return updater.getIteration() % spacing < window;
  }

  private static long stepsPerEpoch(Updater updater) {
    int size = Math.max(1, updater.getIterator().getBatchSize());
    return Math.max(1, (updater.getIterator().getDataset().size() + size - 1) / size);
  }

  /** What was read and not yet drained, and the unfinished window or average. */
  void serialize(Serializer s) {
    if (mode == TrainingGradients.ACROSS_SHARDS_OR_STEPS) {
      windows.serialize(s.child("training_noise"));
    }
    Serializer shardState = s.child("shard_noise");
    // Snapshots from before shard estimates existed have none to load.
    if (mode != TrainingGradients.NONE && (!s.isLoading() || shardState.contains("steps"))) {
      shards.serialize(shardState);
    }
  }
}
