package org.trainer4j.samples.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.trainer4j.datasets.CifarDatasets;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.datasets.ImageLayout;
import org.trainer4j.datasets.SubsetDataset;
import org.trainer4j.samples.data.FashionMnist;
import org.trainer4j.samples.data.PaddedRgb;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Data for the 32x32x3 CNN samples: real CIFAR-10 from {@code --cifar DIR}, else Fashion-MNIST with
 * the gray channel copied to RGB and padded to 32x32, in both cases cut to the first {@code
 * --train-size} / {@code --test-size} examples so a CPU finishes.
 */
public final class ImageDataOptions {

  @Mixin DataOptions fashion;

  @Option(
      names = "--cifar",
      paramLabel = "DIR",
      description = "CIFAR-10 binary version directory (data_batch_1.bin ... test_batch.bin).")
  Path cifar;

  @Option(
      names = "--train-size",
      defaultValue = "10000",
      description = "Training examples used, at least 1.")
  int trainSize;

  @Option(
      names = "--test-size",
      defaultValue = "2000",
      description = "Test examples used, at least 1.")
  int testSize;

  /** Refuses sizes the data cannot be cut to before it is read ("n must be positive: -1" once). */
  void check(CommandSpec spec) {
    OptionChecks.atLeast(spec, "--train-size", trainSize, 1);
    OptionChecks.atLeast(spec, "--test-size", testSize, 1);
  }

  /** Training and test data, first {@code train} / {@code test} examples. */
  record TrainTest(Dataset train, Dataset test) {}

  /** The data, cut to 256 training and 128 test examples in a sample's {@code --quick} mode. */
  TrainTest load(boolean quick, PrintStream out) {
    return quick ? load(256, 128, out) : load(trainSize, testSize, out);
  }

  private TrainTest load(int train, int test, PrintStream out) {
    Dataset fullTrain;
    Dataset fullTest;
    if (cifar != null) {
      fullTrain =
          CifarDatasets.cifar10(cifar, CifarDatasets.Split.TRAIN, ImageLayout.CHANNELS_FIRST);
      fullTest = CifarDatasets.cifar10(cifar, CifarDatasets.Split.TEST, ImageLayout.CHANNELS_FIRST);
      out.println("data: CIFAR-10 from " + cifar);
    } else {
      FashionMnist fm = fashion.load(ImageLayout.CHANNELS_FIRST, out);
      fullTrain = new PaddedRgb(fm.train(), 32);
      fullTest = new PaddedRgb(fm.test(), 32);
      out.println("      gray copied to RGB and padded to 32x32 (CIFAR-10's shape)");
    }
    Dataset tr = train >= fullTrain.size() ? fullTrain : SubsetDataset.first(fullTrain, train);
    Dataset te = test >= fullTest.size() ? fullTest : SubsetDataset.first(fullTest, test);
    out.printf("      using %d training and %d test examples%n", tr.size(), te.size());
    return new TrainTest(tr, te);
  }
}
