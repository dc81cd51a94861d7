package org.trainer4j.samples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.trainer4j.parallel.Communicator;
import org.trainer4j.parallel.Communicators;
import org.trainer4j.samples.normalization.MultiDeviceBnExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code multi-device-bn}: seed 000, per-replica vs synchronized BatchNorm vs no BN. */
@Command(
    name = "multi-device-bn",
    mixinStandardHelpOptions = true,
    description = {
      "Seed 000: a VGG-style CNN with a normalization after every convolution, trained data-parallel"
          + " on --replicas CPU replicas (ParallelUpdater) with per-replica batch 2, 4 and 64:"
          + " per-replica BatchNorm (normalBN) vs SyncBatchNormalization (multi-gpuBN) vs none.",
      "Writes accuracy/loss curves (PNG), multi_device_bn.json/.csv and prints a total-time table.",
      "Under mpirun the members are the MPI processes (DistributedUpdater) instead of threads."
    })
public final class MultiDeviceBnCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ImageDataOptions data;

  @Option(
      names = "--out",
      defaultValue = "result/multi-device-bn",
      description = "Output directory.")
  Path out;

  @Option(
      names = "--replicas",
      defaultValue = "2",
      description = "Data-parallel replicas, at least 1.")
  int replicas;

  @Option(
      names = "--batches",
      split = ",",
      defaultValue = "2,4,64",
      description = "Per-replica batch sizes, each at least 1 (default ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(names = "--epochs", defaultValue = "2", description = "Epochs per run, positive.")
  double epochs;

  @Option(
      names = "--lr",
      defaultValue = "0.01",
      description = "Momentum SGD learning rate, positive.")
  double lr;

  @Mixin StageOptions stages;

  @Option(
      names = "--convs-per-stage",
      defaultValue = "2",
      description =
          "3x3 convolutions per stage, at least 1 (VGG16 has 2-3; default ${DEFAULT-VALUE}).")
  int convsPerStage;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed.")
  long seed;

  @Option(
      names = "--quick",
      description = "Minutes on 2 cores: 256 train / 128 test, 1 epoch, small CNN.")
  boolean quick;

  @Override
  public Integer call() throws Exception {
    // Before the data loads: --replicas 0 once failed after it as "batchSize must be positive: 0".
    OptionChecks.atLeast(spec, "--replicas", replicas, 1);
    OptionChecks.eachAtLeast(spec, "--batches", batches, 1);
    OptionChecks.positive(spec, "--epochs", epochs);
    OptionChecks.positive(spec, "--lr", lr);
    stages.check(spec);
    OptionChecks.atLeast(spec, "--convs-per-stage", convsPerStage, 1);
    data.check(spec);
    OptionChecks.outputDirectory(spec, "--out", out);
    var tt = data.load(quick, System.out);
    var settings =
        quick
            ? new MultiDeviceBnExperiment.Settings(
                replicas, batches, 1, new int[] {8, 16}, 1, lr, 2, seed)
            : new MultiDeviceBnExperiment.Settings(
                replicas, batches, epochs, stages.channels(), convsPerStage, lr, 4, seed);
    try (Communicator comm = Communicators.auto()) {
      try {
        new MultiDeviceBnExperiment(settings, comm).run(tt.train(), tt.test(), out, System.out);
      } catch (RuntimeException | Error e) {
        comm.abort(e); // ends the other processes instead of leaving them in a collective
        throw e;
      }
    }
    return 0;
  }
}
