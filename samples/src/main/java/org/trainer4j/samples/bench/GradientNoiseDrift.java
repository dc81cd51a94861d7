package org.trainer4j.samples.bench;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.extensions.minibatch.goodput.GradientNoise;
import org.trainer4j.extensions.minibatch.goodput.ModelNoiseSource;
import org.trainer4j.extensions.minibatch.goodput.ShardGradientNoise;
import org.trainer4j.extensions.minibatch.goodput.SmoothedGradientNoise;
import org.trainer4j.extensions.minibatch.goodput.TrainingGradientNoise;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.samples.common.Results;
import org.trainer4j.training.updaters.ParallelUpdater;

/**
 * How far the gradient noise scale read from windows of consecutive training steps ({@link
 * TrainingGradientNoise}) lies from extra passes at fixed parameters ({@link ModelNoiseSource}, as
 * a search makes them): at each stage of a training, both from the same parameters, and the windows
 * once more with a learning rate of (almost) zero, where the parameters cannot drift. Also the
 * estimate across the replicas of a {@link ParallelUpdater} training at the same rate ({@link
 * ShardGradientNoise}), whose two sizes share each step's parameters.
 */
public final class GradientNoiseDrift {

  /**
   * @param stages training steps done before each comparison, ascending
   * @param estimates estimates of each kind per comparison
   * @param batchSize the training size; the extra passes use 4x it, in four ghost shards
   * @param learningRate Adam's rate for the training and the drifting windows
   * @param windows the window lengths compared
   * @param replicas replicas of the across-replicas estimate (0: none); each of its estimates
   *     averages 4 steps, so it trains as many steps as the 4-step windows
   */
  public record Settings(
      int[] stages,
      int estimates,
      int batchSize,
      double learningRate,
      int[] windows,
      int replicas) {
    public Settings {
      Preconditions.checkArgument(stages.length > 0, "stages must not be empty");
      Preconditions.checkArgument(estimates >= 2, "estimates must be at least 2: %s", estimates);
      Preconditions.checkArgument(batchSize >= 2, "batchSize must be at least 2: %s", batchSize);
      Preconditions.checkArgument(learningRate > 0, "learningRate must be positive");
      Preconditions.checkArgument(windows.length > 0, "windows must not be empty");
      Preconditions.checkArgument(
          replicas == 0 || (replicas >= 2 && batchSize % replicas == 0),
          "replicas must be 0, or at least 2 and divide the batch size %s: %s",
          batchSize,
          replicas);
    }
  }

  /** Smoothed noise scale and its standard error. */
  record Scale(double noiseScale, double standardError) {
    static Scale of(SmoothedGradientNoise n) {
      return new Scale(n.current().noiseScale(), n.spread().noiseScaleStandardError());
    }
  }

  private static final double DECAY = 0.97;
  private static final double STILL_RATE = 1e-12;
  private static final int STEPS_PER_ESTIMATE = 4;

  private final Settings settings;

  public GradientNoiseDrift(Settings settings) {
    this.settings = Preconditions.checkNotNull(settings, "settings");
  }

  /**
   * Trains {@code model} on {@code data}, compares at each stage, writes {@code gns_drift.json}
   * into {@code out} and prints a line per stage and the headline last: {@code gns_drift_ratio=<the
   * longest window's noise scale over the extra passes' at the first stage>}.
   */
  public Map<String, Object> run(Model model, Dataset data, Path out, PrintStream print)
      throws IOException {
    Random random = new Random(1);
    Adam adam = new Adam(settings.learningRate());
    adam.setup(model);
    List<Map<String, Object>> rows = new ArrayList<>();
    int done = 0;
    double headline = Double.NaN;
    for (int stage : settings.stages()) {
      for (; done < stage; done++) {
        model.fit(data.get(indices(random, data.size(), settings.batchSize())));
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("steps", stage);
      Scale extra = extraPasses(model.copy(), data, random);
      row.put("extra_passes", extra);
      StringBuilder line =
          new StringBuilder(
              String.format(
                  "after %d steps: extra passes %.0f +- %.0f",
                  stage, extra.noiseScale(), extra.standardError()));
      for (int k : settings.windows()) {
        Scale moving = windows(model, data, k, settings.learningRate(), stage + k);
        Scale still = windows(model, data, k, STILL_RATE, stage + k);
        row.put("window_" + k, moving);
        row.put("window_" + k + "_still", still);
        line.append(
            String.format(
                " | k=%d: %.0f +- %.0f, still %.0f +- %.0f",
                k,
                moving.noiseScale(),
                moving.standardError(),
                still.noiseScale(),
                still.standardError()));
        if (rows.isEmpty()) {
          headline = moving.noiseScale() / extra.noiseScale();
        }
      }
      if (settings.replicas() > 0) {
        Scale across = acrossReplicas(model, data, stage + 1);
        row.put("replicas_" + settings.replicas(), across);
        line.append(
            String.format(
                " | %d replicas: %.0f +- %.0f",
                settings.replicas(), across.noiseScale(), across.standardError()));
      }
      print.println(line);
      rows.add(row);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("settings", settings);
    result.put("stages", rows);
    result.put("gns_drift_ratio", headline);
    Files.createDirectories(out);
    Results.writeJson(out.resolve("gns_drift.json"), result);
    print.printf("gns_drift_ratio=%.4f%n", headline);
    return result;
  }

  /** The search's own estimate: {@link ModelNoiseSource}'s four ghost shards of 4x the size. */
  private Scale extraPasses(Model copy, Dataset data, Random random) {
    ModelNoiseSource source =
        new ModelNoiseSource(copy, size -> data.get(indices(random, data.size(), size)));
    SmoothedGradientNoise n = SmoothedGradientNoise.start(DECAY);
    for (int i = 0; i < settings.estimates(); i++) {
      n = n.add(source.estimate(4 * settings.batchSize(), 1));
    }
    return Scale.of(n);
  }

  /** {@code estimates} windows of {@code k} steps trained at {@code rate} on a copy. */
  private Scale windows(Model model, Dataset data, int k, double rate, long seed) {
    Model copy = model.copy();
    new Adam(rate).setup(copy);
    TrainingGradientNoise tap = new TrainingGradientNoise(k);
    copy.addGradientListener(tap);
    Random random = new Random(seed);
    SmoothedGradientNoise n = SmoothedGradientNoise.start(DECAY);
    for (int s = 0; s < settings.estimates() * k; s++) {
      copy.fit(data.get(indices(random, data.size(), settings.batchSize())));
      for (GradientNoise g : tap.drain()) {
        n = n.add(g);
      }
    }
    return Scale.of(n);
  }

  /**
   * {@code estimates} estimates across the replicas of a parallel updater training a copy at the
   * training's rate, {@link #STEPS_PER_ESTIMATE} steps each.
   */
  private Scale acrossReplicas(Model model, Dataset data, long seed) {
    Model copy = model.copy();
    Adam adam = new Adam(settings.learningRate());
    adam.setup(copy);
    ShardGradientNoise shards = new ShardGradientNoise(STEPS_PER_ESTIMATE);
    SerialIterator iterator =
        SerialIterator.builder(data).batchSize(settings.batchSize()).seed(seed).build();
    SmoothedGradientNoise n = SmoothedGradientNoise.start(DECAY);
    try (ParallelUpdater updater =
        ParallelUpdater.builder(iterator, adam)
            .replicas(settings.replicas())
            .threadsPerReplica(1)
            .build()) {
      updater.addShardGradientListener(shards);
      for (int s = 0; s < settings.estimates() * STEPS_PER_ESTIMATE; s++) {
        updater.update();
        for (GradientNoise g : shards.drain()) {
          n = n.add(g);
        }
      }
    }
    return Scale.of(n);
  }

  private static int[] indices(Random random, int n, int size) {
    int[] out = new int[size];
    for (int i = 0; i < size; i++) {
      out[i] = random.nextInt(n);
    }
    return out;
  }
}
