package org.trainer4j.samples.tuning;

import com.google.common.base.Preconditions;
import java.nio.file.Path;
import java.util.Locale;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.CifarDatasets;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.datasets.ImageFolderDataset;
import org.trainer4j.datasets.ImageLayout;
import org.trainer4j.datasets.SyntheticDataset;
import org.trainer4j.samples.data.FashionMnist;

/**
 * The benchmark's datasets. {@code fashion-mnist} and {@code synthetic} give 784-wide examples for
 * the MLP; {@code cifar10} and {@code cifar100} give 32x32x3 images, read from {@code --data} when
 * given. Synthetic stand-ins keep the real shape and epoch length and say so in their description;
 * timing does not depend on pixel values.
 */
final class TuneData {

  static final int FASHION_MNIST_TRAIN = 60_000;
  static final int CIFAR_TRAIN = 50_000;
  static final int IMAGENET_TRAIN = 1_281_167;

  private TuneData() {}

  /** The dataset named {@code name} for a model that takes {@code images ? 3x32x32 : 784}. */
  static Dataset load(String name, Path dir, boolean images, int examples, long seed) {
    String n = name.toLowerCase(Locale.ROOT);
    switch (n) {
      case "fashion-mnist", "synthetic-mnist" -> {
        check(!images, n, "the MLP");
        if (n.equals("synthetic-mnist")) {
          return synthetic(new long[] {784}, 10, size(examples, FASHION_MNIST_TRAIN), 20_000, seed);
        }
        FashionMnist fm =
            dir != null
                ? FashionMnist.load(dir, ImageLayout.FLAT)
                : FashionMnist.load(ImageLayout.FLAT);
        // The bundled subset has 6,000 examples; tiling keeps the epoch length of the full set.
        return new TiledDataset(fm.train(), size(examples, FASHION_MNIST_TRAIN));
      }
      case "cifar10", "cifar100" -> {
        check(images, n, "the CNNs");
        boolean hundred = n.equals("cifar100");
        int size = size(examples, CIFAR_TRAIN);
        if (dir != null) {
          ArrayDataset real =
              hundred
                  ? CifarDatasets.cifar100(
                      dir,
                      CifarDatasets.Split.TRAIN,
                      CifarDatasets.Cifar100Labels.FINE,
                      ImageLayout.CHANNELS_FIRST)
                  : CifarDatasets.cifar10(
                      dir, CifarDatasets.Split.TRAIN, ImageLayout.CHANNELS_FIRST);
          return new TiledDataset(real, size);
        }
        return synthetic(new long[] {3, 32, 32}, hundred ? 100 : 10, size, 5_000, seed);
      }
      case "synthetic-cifar100" -> {
        check(images, n, "the CNNs");
        return synthetic(new long[] {3, 32, 32}, 100, size(examples, CIFAR_TRAIN), 5_000, seed);
      }
      case "synthetic-imagenet" -> {
        check(images, n, "the CNNs");
        // ImageNet-1k's shape after the seed paper's 224x224 centre crop; few stored examples,
        // tiled to the epoch length, since timing does not depend on pixel values.
        return synthetic(new long[] {3, 224, 224}, 1000, size(examples, IMAGENET_TRAIN), 256, seed);
      }
      case "imagefolder" -> {
        check(images, n, "the CNNs");
        Preconditions.checkArgument(dir != null, "--dataset imagefolder needs --data DIR");
        ImageFolderDataset folder =
            ImageFolderDataset.builder(dir).size(224).layout(ImageLayout.CHANNELS_FIRST).build();
        return examples > 0 ? new TiledDataset(folder, examples) : folder;
      }
      case "synthetic" -> {
        return images
            ? synthetic(new long[] {3, 32, 32}, 10, size(examples, CIFAR_TRAIN), 5_000, seed)
            : synthetic(new long[] {784}, 10, size(examples, FASHION_MNIST_TRAIN), 20_000, seed);
      }
      default ->
          throw new IllegalArgumentException(
              "unknown dataset '"
                  + name
                  + "'; use synthetic, synthetic-cifar100, synthetic-imagenet, fashion-mnist,"
                  + " cifar10, cifar100 or imagefolder");
    }
  }

  private static Dataset synthetic(long[] shape, int classes, int size, int stored, long seed) {
    int base = Math.min(size, stored);
    return new TiledDataset(SyntheticDataset.classification(base, shape, classes, 1.0, seed), size);
  }

  private static int size(int examples, int standard) {
    return examples > 0 ? examples : standard;
  }

  private static void check(boolean ok, String dataset, String models) {
    if (!ok) {
      throw new IllegalArgumentException(
          "dataset " + dataset + " is for " + models + "; choose another --model or --dataset");
    }
  }
}
