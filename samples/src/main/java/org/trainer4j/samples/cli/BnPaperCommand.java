package org.trainer4j.samples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.datasets.ImageLayout;
import org.trainer4j.datasets.SubsetDataset;
import org.trainer4j.samples.data.FashionMnist;
import org.trainer4j.samples.normalization.BnPaperExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bn-paper}: seed 001's MNIST experiment, sigmoid MLP with and without BatchNorm. */
@Command(
    name = "bn-paper",
    mixinStandardHelpOptions = true,
    description = {
      "Seed 001 (Ioffe and Szegedy 2015, section 4.1): 3 hidden layers of 100 sigmoid units,"
          + " batch 60, SGD, with and without BatchNorm, on Fashion-MNIST.",
      "Records test accuracy over the steps and the 15th/50th/85th percentiles of one last-layer"
          + " sigmoid's input; writes bn_paper.json, bn_paper.csv and PNG plots into --out."
    })
public final class BnPaperCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin DataOptions data;

  @Option(names = "--out", defaultValue = "result/bn-paper", description = "Output directory.")
  Path out;

  @Option(
      names = "--steps",
      defaultValue = "5000",
      description = "Training steps, at least 1 (paper: 50000).")
  int steps;

  @Option(
      names = "--eval-every",
      defaultValue = "250",
      description = "Steps between measurements, at least 1.")
  int evalEvery;

  @Option(names = "--lr", defaultValue = "0.5", description = "SGD learning rate, positive.")
  double lr;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed.")
  long seed;

  @Option(names = "--quick", description = "Minutes on 2 cores: 300 steps, measured every 50.")
  boolean quick;

  @Override
  public Integer call() throws Exception {
    // Before the 60,000 images load: --steps 0 and --eval-every 0 once failed after them as
    // "period must be positive: 0.0", and --lr NaN trained on.
    OptionChecks.atLeast(spec, "--steps", steps, 1);
    OptionChecks.atLeast(spec, "--eval-every", evalEvery, 1);
    OptionChecks.positive(spec, "--lr", lr);
    OptionChecks.outputDirectory(spec, "--out", out);
    FashionMnist fm = data.load(ImageLayout.FLAT, System.out);
    Dataset test = fm.test();
    int s = steps;
    int every = evalEvery;
    if (quick) {
      test = SubsetDataset.first(test, 1000);
      s = 300;
      every = 50;
    }
    var settings = new BnPaperExperiment.Settings(s, every, 60, lr, 7, seed);
    new BnPaperExperiment(settings).run(fm.train(), test, out, System.out);
    return 0;
  }
}
