package org.trainer4j.samples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.trainer4j.samples.tuning.TuneBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The minibatch-size benchmark: oracle sweep, then each strategy, in the seed paper's form. */
@Command(
    name = "tune",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks the minibatch-size strategies (GpuUsageMaximize, EpochTimeMinimize,"
          + " ThroughputMaximize) against an oracle sweep of the epoch time.",
      "Last line: throughput_maximize_epoch_time_ratio=<worst ratio over workloads>."
    })
public final class TuneCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      split = ",",
      defaultValue = "mlp,vgg,resnet",
      description =
          "Workloads: mlp, vgg, resnet (CPU-sized), vgg16, resnet50 (the paper's exact"
              + " architectures, width-scaled); comma-separated; default: ${DEFAULT-VALUE}.")
  List<String> models;

  @Option(
      names = "--dataset",
      description =
          "synthetic (32x32x3, 10 classes), synthetic-cifar100, synthetic-imagenet (224x224x3,"
              + " 1000 classes, 1.28M per epoch), fashion-mnist, cifar10, cifar100 (--data DIR),"
              + " imagefolder (--data DIR, centre-cropped to 224). Default: fashion-mnist for the"
              + " MLP; cifar10 for the CNNs when --data is given, else synthetic.")
  String dataset;

  @Option(
      names = "--data",
      description =
          "Fashion-MNIST IDX, CIFAR binary or image-folder (root/<class>/*.jpg) directory.")
  Path data;

  @Option(
      names = "--width",
      description =
          "Width multiplier of the networks (default: MLP 1.0 (1024 hidden units), VGG 0.125,"
              + " ResNet 0.25, so that they fit a CPU).")
  Double width;

  @Option(
      names = "--examples",
      defaultValue = "0",
      description = "Examples per epoch (default: the dataset's training-set size).")
  int examples;

  @Option(names = "--quick", description = "Small networks, sparse grid: a few minutes.")
  boolean quick;

  @Option(names = "--grid", split = ",", description = "Oracle batch sizes (default: by mode).")
  List<Integer> grid;

  @Option(names = "--initial", defaultValue = "32", description = "Initial batch size.")
  int initial;

  @Option(
      names = "--strategy-budget",
      description = "Seconds each strategy may probe (default: 30 with --quick, else 240).")
  Double strategyBudget;

  @Option(
      names = "--strategies",
      split = ",",
      defaultValue = "gum,etm,tm",
      description = "Strategies: gum, etm, tm (default: ${DEFAULT-VALUE}).")
  List<String> strategies;

  @Option(names = "--out", defaultValue = "tune-out", description = "Output directory.")
  Path out;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of models and data.")
  long seed;

  @Override
  public Integer call() {
    String commandLine = String.join(" ", spec.commandLine().getParseResult().originalArgs());
    TuneBenchmark benchmark =
        new TuneBenchmark(
            new TuneBenchmark.Settings(
                models,
                dataset,
                data,
                width,
                examples,
                quick,
                grid,
                initial,
                strategyBudget != null ? strategyBudget : quick ? 30 : 240,
                strategies,
                out,
                seed,
                commandLine),
            System.out);
    benchmark.run();
    System.out.printf(
        Locale.ROOT,
        "throughput_maximize_epoch_time_ratio=%.4f%n",
        benchmark.worstThroughputMaximizeRatio());
    return 0;
  }
}
