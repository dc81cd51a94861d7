package org.trainer4j.samples.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.trainer4j.samples.bench.KillResumeSoak;
import org.trainer4j.samples.common.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench soak}: kill -9 a training JVM K times, resume each time, compare with no kills. */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the main job's CNN (dropout, augmentation, Adam, lr decay) on a few bundled"
          + " Fashion-MNIST examples twice in child JVMs: once without interruption, once killed"
          + " with SIGKILL at --kills random points and resumed from the newest valid snapshot each"
          + " time. Compares the final parameters bit for bit; writes soak.json into --out (its"
          + " reference/ and killed/ directories are emptied first).",
      "Last line: soak_kills=<K> soak_params_equal=<true|false>; exit code 1 when not equal."
    })
public final class BenchSoakCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Training examples in the bundled Fashion-MNIST subset the soak's workers train on. */
  static final int BUNDLED_EXAMPLES = 6000;

  @Option(
      names = "--kills",
      defaultValue = "5",
      description = "Kills, 0 or more (default ${DEFAULT-VALUE}).")
  int kills;

  @Option(
      names = "--iterations",
      defaultValue = "48",
      description =
          "Iterations of each run, at least --kills + 2, so that every kill lands after its own"
              + " iteration (default ${DEFAULT-VALUE}).")
  long iterations;

  @Option(
      names = "--snapshot-every",
      defaultValue = "4",
      description = "Iterations between snapshots, at least 1 (default ${DEFAULT-VALUE}).")
  int snapshotEvery;

  @Option(
      names = "--examples",
      defaultValue = "256",
      description = "Training examples, 1 to " + BUNDLED_EXAMPLES + " (default ${DEFAULT-VALUE}).")
  int examples;

  @Option(
      names = "--batch-size",
      defaultValue = "32",
      description = "Batch size, at least 1 (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--seed", defaultValue = "1", description = "Training seed.")
  long seed;

  @Option(
      names = "--kill-seed",
      defaultValue = "7",
      description = "Seed of the kill points (default ${DEFAULT-VALUE}).")
  long killSeed;

  @Option(names = "--out", defaultValue = "result/bench-soak", description = "Output directory.")
  Path out;

  @Override
  public Integer call() throws Exception {
    checkOptions();
    OptionChecks.outputDirectory(spec, "--out", out);
    var settings =
        new KillResumeSoak.Settings(
            kills,
            examples,
            batchSize,
            iterations,
            snapshotEvery,
            seed,
            killSeed,
            List.of(
                "-Xmx512m",
                "-Dorg.bytedeco.javacpp.maxbytes=1g",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=2g"));
    KillResumeSoak.Result r = new KillResumeSoak(settings).run(out, System.out);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kills", r.kills());
    json.put("killed_after_iterations", r.killedAfter());
    json.put("iterations", iterations);
    json.put("snapshot_every", snapshotEvery);
    json.put("examples", examples);
    json.put("batch_size", batchSize);
    json.put("seed", seed);
    json.put("kill_seed", killSeed);
    json.put("params_equal", r.paramsEqual());
    json.put("max_abs_difference", r.maxAbsDifference());
    json.put("reference_seconds", r.referenceSeconds());
    json.put("soak_seconds", r.soakSeconds());
    Results.writeJson(out.resolve("soak.json"), json);
    System.out.printf(
        "final parameters %s (largest difference %s)%n",
        r.paramsEqual() ? "bit-identical" : "DIFFER", r.maxAbsDifference());
    System.out.printf("soak_kills=%d soak_params_equal=%s%n", r.kills(), r.paramsEqual());
    return r.paramsEqual() ? 0 : 1;
  }

  /**
   * Usage errors (exit 2) before --out is created: they once surfaced from the soak's settings or a
   * failing child JVM with exit 1, the code that means "parameters differ".
   */
  private void checkOptions() {
    OptionChecks.atLeast(spec, "--kills", kills, 0);
    if (iterations < kills + 2L) {
      throw new ParameterException(
          spec.commandLine(),
          String.format(
              "--iterations must be at least --kills + 2 = %d, so that every kill lands after its"
                  + " own iteration, got %d",
              kills + 2L, iterations));
    }
    OptionChecks.atLeast(spec, "--snapshot-every", snapshotEvery, 1);
    OptionChecks.atLeast(spec, "--examples", examples, 1);
    if (examples > BUNDLED_EXAMPLES) {
      throw new ParameterException(
          spec.commandLine(),
          String.format(
              "--examples must be at most %d, the bundled subset's training examples, got %d",
              BUNDLED_EXAMPLES, examples));
    }
    OptionChecks.atLeast(spec, "--batch-size", batchSize, 1);
  }
}
