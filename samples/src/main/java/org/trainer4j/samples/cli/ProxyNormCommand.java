package org.trainer4j.samples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.trainer4j.samples.normalization.ProxyNormExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

  @Mixin ImageDataOptions data;

  @Option(names = "--out", defaultValue = "result/proxy-norm", description = "Output directory.")
  Path out;

  @Option(
      names = "--batches",
      split = ",",
      defaultValue = "2,8,32,128",
      description = "Batch sizes (default ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(names = "--epochs", defaultValue = "1", description = "Epochs per run.")
  double epochs;

  @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate.")
  double lr;

  @Mixin StageOptions stages;

  @Option(
      names = "--convs-per-stage",
      defaultValue = "1",
      description = "3x3 convolutions per stage (VGG16 has 2-3; default ${DEFAULT-VALUE}).")
  int convsPerStage;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed.")
  long seed;

  @Option(
      names = "--quick",
      description = "Minutes on 2 cores: 256 train / 128 test, batches 2,16.")
  boolean quick;

  @Override
  public Integer call() throws Exception {
    var tt = data.load(quick, System.out);
    var settings =
        quick
            ? new ProxyNormExperiment.Settings(List.of(2, 16), 1, new int[] {8, 16}, 1, 4, lr, seed)
            : new ProxyNormExperiment.Settings(
                batches, epochs, stages.channels(), convsPerStage, 4, lr, seed);
    new ProxyNormExperiment(settings).run(tt.train(), tt.test(), out, System.out);
    return 0;
  }
}
