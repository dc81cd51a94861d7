package org.trainer4j.samples.tuning;

import com.google.common.base.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.datasets.DelayedDataset;
import org.trainer4j.datasets.ImageLayout;
import org.trainer4j.datasets.SubsetDataset;
import org.trainer4j.datasets.SyntheticDataset;
import org.trainer4j.extensions.minibatch.ProbeRun;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.MomentumSGD;
import org.trainer4j.samples.cnn.FashionCnn;
import org.trainer4j.samples.data.FashionMnist;
import org.trainer4j.training.updaters.StandardUpdater;

/**
 * The benchmark's workloads, chosen so that strategies can be told apart: the MLP on real
 * Fashion-MNIST, the project's Fashion-MNIST CNN (2 conv + pooling + BN), a tiny dataset (1,000
 * examples trained for many epochs) and a loading-bound one (Fashion-MNIST behind a per-example
 * delay). {@code vgg16} and {@code resnet50} (opt-in: slow on a CPU) are the seed paper's CIFAR-100
 * experiments with narrowed networks.
 */
final class TuneWorkloads {

  /** A model factory, its data, the planned epochs and the fixed oracle grid. */
  record Workload(
      String name, Supplier<Model> model, Dataset data, double plannedEpochs, List<Integer> grid) {

    /**
     * A fresh model of this workload under the optimizer every search, warm-up and referee of the
     * benchmark trains with (momentum SGD, 1e-3, 0.9), already set up.
     */
    MomentumSGD freshOptimizer() {
      MomentumSGD optimizer = new MomentumSGD(1e-3, 0.9);
      optimizer.setup(model.get());
      return optimizer;
    }

    /**
     * A probe run over a fresh model of this workload, reading its data in {@code seed}'s order.
     */
    ProbeRun probeRun(long seed) {
      SerialIterator it = SerialIterator.builder(data).seed(seed).build();
      return ProbeRun.over(new StandardUpdater(it, freshOptimizer()), Ticker.systemTicker());
    }
  }

  /** The names {@link #create} knows. */
  static final List<String> NAMES = List.of("mlp", "cnn", "tiny", "loading", "vgg16", "resnet50");

  private final Path fashionDir;
  private final boolean quick;
  private final long seed;
  private Dataset fashion;
  private Dataset fashionImages;

  TuneWorkloads(Path fashionDir, boolean quick, long seed) {
    this.fashionDir = fashionDir;
    this.quick = quick;
    this.seed = seed;
  }

  Workload create(String name) {
    return switch (name) {
      case "mlp" -> {
        Dataset d = quick ? SubsetDataset.first(fashion(), 10_000) : fashion();
        yield new Workload(
            "mlp-fashion-mnist",
            () -> TuneModels.mlp(784, 10, width(), seed),
            d,
            quick ? 5 : 20,
            grid(8, quick ? 1024 : 2048));
      }
      case "cnn" -> {
        Dataset d = SubsetDataset.first(fashionImages(), quick ? 2_000 : 10_000);
        yield new Workload(
            "cnn-fashion-mnist",
            () -> Model.of(FashionCnn.build(seed, 0.0)),
            d,
            quick ? 2 : 10,
            grid(8, quick ? 128 : 512));
      }
      case "tiny" -> {
        Dataset d = SubsetDataset.first(fashion(), 1_000);
        yield new Workload(
            "tiny-fashion-1000",
            () -> TuneModels.mlp(784, 10, width(), seed),
            d,
            quick ? 50 : 300,
            grid(8, 512));
      }
      case "loading" -> {
        Dataset base = quick ? SubsetDataset.first(fashion(), 10_000) : fashion();
        Dataset d = DelayedDataset.of(base, Duration.ofNanos(20_000));
        yield new Workload(
            "loading-bound-mlp",
            () -> TuneModels.mlp(784, 10, width(), seed),
            d,
            quick ? 2 : 5,
            grid(8, quick ? 1024 : 2048));
      }
      case "vgg16" -> paperWorkload(name, () -> PaperModels.vgg16(100, 32, paperWidth(), seed));
      case "resnet50" ->
          paperWorkload(name, () -> PaperModels.resnet50(100, 32, paperWidth(), seed));
      default ->
          throw new IllegalArgumentException(
              "unknown workload '" + name + "'; use " + String.join(", ", NAMES));
    };
  }

  private double width() {
    return quick ? 0.125 : 0.5;
  }

  /** One of the seed paper's CIFAR-100 experiments: one planned epoch, grid 8 to 256 (64 quick). */
  private Workload paperWorkload(String network, Supplier<Model> model) {
    return new Workload(
        network + "-cifar100", model, cifar100Shaped(), 1, grid(8, quick ? 64 : 256));
  }

  /**
   * The seed paper's networks, narrowed so that a CPU can time them (1/16 or 1/8 of the channels).
   */
  private double paperWidth() {
    return quick ? 0.0625 : 0.125;
  }

  /**
   * The seed paper's CIFAR-100 experiments' shape and epoch length (50,000 examples of 3x32x32, 100
   * classes): 5,000 synthetic examples tiled, since step time does not depend on pixel values.
   */
  private Dataset cifar100Shaped() {
    int epoch = quick ? 10_000 : 50_000;
    return new TiledDataset(
        SyntheticDataset.classification(5_000, new long[] {3, 32, 32}, 100, 1.0, seed), epoch);
  }

  /**
   * Powers of two from {@code min} to {@code max}: fixed before any strategy runs. (Geometric
   * midpoints would double the referee's time, which this shared two-CPU machine cannot afford.)
   */
  List<Integer> grid(int min, int max) {
    List<Integer> g = new ArrayList<>();
    for (int b = min; b <= max; b *= 2) {
      g.add(b);
    }
    return g;
  }

  private Dataset fashionImages() {
    if (fashionImages == null) {
      fashionImages =
          (fashionDir != null
                  ? FashionMnist.load(fashionDir, ImageLayout.CHANNELS_FIRST)
                  : FashionMnist.load(ImageLayout.CHANNELS_FIRST))
              .train();
    }
    return fashionImages;
  }

  private Dataset fashion() {
    if (fashion == null) {
      fashion =
          (fashionDir != null
                  ? FashionMnist.load(fashionDir, ImageLayout.FLAT)
                  : FashionMnist.load(ImageLayout.FLAT))
              .train();
    }
    return fashion;
  }
}
