package org.trainer4j.samples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.trainer4j.samples.normalization.ProxyNormExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code proxy-norm}: seed 004, batch dependence of BN vs GroupNorm/LayerNorm + Proxy Norm. */
@Command(
    name = "proxy-norm",
    mixinStandardHelpOptions = true,
    description = {
      "Seed 004: the VGG-style CNN with BatchNorm, GroupNorm, GroupNorm+ProxyNorm and"
          + " LayerNorm+ProxyNorm, trained for the same epochs at batch sizes 2..128 (Adam).",
      "Writes proxy_norm.json/.csv and proxy_norm_accuracy.png (accuracy vs batch size)."
    })
public final class ProxyNormCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ImageDataOptions data;

  @Option(names = "--out", defaultValue = "result/proxy-norm", description = "Output directory.")
  Path out;

  @Option(
      names = "--batches",
      split = ",",
      defaultValue = "2,8,32,128",
      description = "Batch sizes, each at least 1 (default ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(names = "--epochs", defaultValue = "1", description = "Epochs per run, positive.")
  double epochs;

  @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate, positive.")
  double lr;

  @Mixin StageOptions stages;

  @Option(
      names = "--convs-per-stage",
      defaultValue = "1",
      description =
          "3x3 convolutions per stage, at least 1 (VGG16 has 2-3; default ${DEFAULT-VALUE}).")
  int convsPerStage;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed.")
  long seed;

  @Option(
      names = "--quick",
      description = "Minutes on 2 cores: 256 train / 128 test, batches 2,16.")
  boolean quick;

  @Override
  public Integer call() throws Exception {
    // Before the data loads: --channels 0 once failed after it with a DL4J layer error.
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
            ? new ProxyNormExperiment.Settings(
                List.of(2, 16), 1, new int[] {8, 16}, 1, StageOptions.GROUPS, lr, seed)
            : new ProxyNormExperiment.Settings(
                batches, epochs, stages.channels(), convsPerStage, StageOptions.GROUPS, lr, seed);
    new ProxyNormExperiment(settings).run(tt.train(), tt.test(), out, System.out);
    return 0;
  }
}
