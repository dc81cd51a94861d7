package org.trainer4j.samples.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.trainer4j.datasets.ImageLayout;
import org.trainer4j.model.Model;
import org.trainer4j.samples.bench.GradientNoiseDrift;
import org.trainer4j.samples.cnn.FashionCnn;
import org.trainer4j.samples.data.FashionMnist;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench gns-drift}: the training-gradient noise scale's bias from parameter drift. */
@Command(
    name = "gns-drift",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the main job's CNN (no dropout unless --dropout) on the bundled Fashion-MNIST subset"
          + " (or the full set with --full) with Adam and, after 0, 150 and 600 steps (--stages),"
          + " compares the gradient noise scale from extra passes at the"
          + " parameters (a batch of 4B in four ghost shards) with windows of k = 2 and 4 training steps"
          + " from the same parameters, with the same windows at a learning rate of 1e-12, and"
          + " across the replicas of a ParallelUpdater training at the same rate.",
      "Last line: gns_drift_ratio=<k=4 windows over extra passes after 0 steps>."
    })
public final class BenchGnsDriftCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--estimates", defaultValue = "30", description = "Estimates of each kind.")
  int estimates;

  @Option(names = "--lr", defaultValue = "0.001", description = "Adam's learning rate.")
  double lr;

  @Option(names = "--out", defaultValue = "result/bench-gns-drift", description = "Output dir.")
  Path out;

  @Option(
      names = "--replicas",
      defaultValue = "2",
      description = "Replicas of the across-replicas estimate (0: none; default ${DEFAULT-VALUE}).")
  int replicas;

  @Option(names = "--quick", description = "Smoke run: 2 stages (0, 4 steps), 3 estimates.")
  boolean quick;

  @Option(
      names = "--stages",
      split = ",",
      defaultValue = "0,150,600",
      description = "Training steps before each comparison, ascending (default ${DEFAULT-VALUE}).")
  int[] stages;

  @Option(
      names = "--full",
      description =
          "The full Fashion-MNIST from the Debian package (dataset-fashion-mnist) instead of the"
              + " bundled subset; without the package, the subset, as time-to-accuracy --full.")
  boolean full;

  @Option(
      names = "--dropout",
      defaultValue = "0",
      description = "The CNN's dropout (default ${DEFAULT-VALUE}; the main job's is 0.4).")
  double dropout;

  @Override
  public Integer call() throws Exception {
    OptionChecks.eachAtLeast(spec, "--stages", Arrays.stream(stages).boxed().toList(), 0);
    if (IntStream.range(1, stages.length).anyMatch(i -> stages[i] <= stages[i - 1])) {
      throw new ParameterException(
          spec.commandLine(), "--stages must be ascending, got " + Arrays.toString(stages));
    }
    OptionChecks.belowOne(spec, "--dropout", dropout);
    OptionChecks.outputDirectory(spec, "--out", out);
    var settings =
        quick
            ? new GradientNoiseDrift.Settings(
                new int[] {0, 4}, 3, 32, lr, new int[] {2, 4}, replicas)
            : new GradientNoiseDrift.Settings(
                stages, estimates, 32, lr, new int[] {2, 4}, replicas);
    ImageLayout layout = ImageLayout.CHANNELS_FIRST;
    FashionMnist data = full ? FashionMnist.load(layout) : FashionMnist.bundledSubset(layout);
    new GradientNoiseDrift(settings)
        .run(Model.of(FashionCnn.build(1, dropout)), data.train(), out, System.out);
    return 0;
  }
}
