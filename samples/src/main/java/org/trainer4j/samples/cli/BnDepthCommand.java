package org.trainer4j.samples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.datasets.DatasetSplit;
import org.trainer4j.datasets.ImageLayout;
import org.trainer4j.datasets.SubsetDataset;
import org.trainer4j.samples.data.FashionMnist;
import org.trainer4j.samples.normalization.BnDepthExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bn-depth}: seed 003, ReLU MLPs of 3 and 15 layers with and without BatchNorm. */
@Command(
    name = "bn-depth",
    mixinStandardHelpOptions = true,
    description = {
      "Seed 003: Input-ReLU-...-softmax MLPs with 1000 hidden units, 3 and 15 layers, with and"
          + " without BatchNorm, momentum SGD (lr 0.1, momentum 0.9, batch 128) on Fashion-MNIST"
          + " (1/6 of the training set held out for validation).",
      "Prints seed-style logs (epoch | train loss error%% | validation loss error%%) and a test"
          + " table; writes bn_depth.json, bn_depth.csv and PNG plots into --out."
    })
public final class BnDepthCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin DataOptions data;

  @Option(names = "--out", defaultValue = "result/bn-depth", description = "Output directory.")
  Path out;

  @Option(
      names = "--epochs",
      defaultValue = "3",
      description = "Epochs per network, at least 1 (seed: 50).")
  int epochs;

  @Option(
      names = "--hidden",
      defaultValue = "1000",
      description = "Hidden units per layer, at least 1.")
  int hidden;

  @Option(
      names = "--init-std",
      defaultValue = "0.01",
      description =
          "Std of the Gaussian weight initialization (the seed's code is not shown;"
              + " 0.01 is the common Theano-era choice).")
  double initStd;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed.")
  long seed;

  @Option(
      names = "--quick",
      description = "Minutes on 2 cores: 100 hidden units, 1 epoch, 2000 training examples.")
  boolean quick;

  @Override
  public Integer call() throws Exception {
    // Before the 60,000 images load: --epochs 0 once failed after them as "period must be
    // positive: 0.0".
    OptionChecks.atLeast(spec, "--epochs", epochs, 1);
    OptionChecks.atLeast(spec, "--hidden", hidden, 1);
    OptionChecks.positive(spec, "--init-std", initStd);
    OptionChecks.outputDirectory(spec, "--out", out);
    FashionMnist fm = data.load(ImageLayout.FLAT, System.out);
    Dataset train = fm.train();
    Dataset test = fm.test();
    int h = hidden;
    int e = epochs;
    if (quick) {
      train = SubsetDataset.first(train, 2000);
      test = SubsetDataset.first(test, 1000);
      h = 100;
      e = 1;
    }
    DatasetSplit split = DatasetSplit.of(train, 1.0 / 6, seed);
    var settings =
        new BnDepthExperiment.Settings(h, 128, 0.1, 0.9, e, List.of(3, 15), initStd, seed);
    new BnDepthExperiment(settings).run(split.train(), split.validation(), test, out, System.out);
    return 0;
  }
}
