package org.trainer4j.samples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.SyntheticDataset;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.layers.SyncBatchNormalization;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.MomentumSGD;
import org.trainer4j.samples.common.Results;
import org.trainer4j.training.updaters.ParallelUpdater;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench syncbn}: the step time of one CNN trained data-parallel on N replicas with
 * synchronized batch normalization, per-replica batch normalization and no batch normalization
 * (seed 000's multi-GPU BN, normal BN and no BN), for several per-replica batch sizes. The three
 * variants run alternately in one process, so drift in machine load hits all of them alike.
 */
@Command(
    name = "syncbn",
    mixinStandardHelpOptions = true,
    description = {
      "Step time of SyncBatchNormalization vs per-replica BatchNormalization vs no BN under"
          + " ParallelUpdater.",
      "Last line: syncbn_ratio_max=<largest SyncBN/BN step-time ratio>."
    })
public final class BenchSyncBnCommand implements Callable<Integer> {

  /** The target for the SyncBN / BN step-time ratio (the seed measured 1.5). */
  static final double TARGET_RATIO = 1.15;

  private static final String[] VARIANTS = {"syncbn", "bn", "nobn"};

  @Spec CommandSpec spec;

  @Option(names = "--replicas", description = "Data-parallel replicas, at least 1 (default 2).")
  int replicas = 2;

  @Option(
      names = "--batches",
      split = ",",
      description = "Per-replica batch sizes, each at least 1 (default 2,4,64).")
  int[] batches = {2, 4, 64};

  @Option(
      names = "--image",
      description = "Image side, 3 channels, at least 4 (default 32, CIFAR-sized).")
  int image = 32;

  @Option(
      names = "--rounds",
      description = "Alternating rounds per batch size, at least 1 (default 8).")
  int rounds = 8;

  @Option(
      names = "--steps",
      description = "Timed steps per variant and round, at least 1 (default 5).")
  int steps = 5;

  @Option(names = "--warmup", description = "Untimed steps per variant first (default 5, or 0).")
  int warmup = 5;

  @Option(
      names = "--threads-per-replica",
      description = "ND4J threads per op (default: cores / replicas).")
  int threadsPerReplica = 0;

  @Option(names = "--out", description = "Directory for syncbn.json (default: current).")
  Path out = Path.of(".");

  @Override
  public Integer call() throws Exception {
    // Checked before the warm-up: --replicas 0 ended as "/ by zero", --rounds 0 and --steps 0 as
    // "Index -1 out of bounds" after warming up (the median of no step times).
    OptionChecks.atLeast(spec, "--replicas", replicas, 1);
    OptionChecks.eachAtLeast(spec, "--batches", Arrays.stream(batches).boxed().toList(), 1);
    OptionChecks.atLeast(spec, "--image", image, 4); // two 2x2 poolings leave at least 1x1
    OptionChecks.atLeast(spec, "--rounds", rounds, 1);
    OptionChecks.atLeast(spec, "--steps", steps, 1);
    OptionChecks.atLeast(spec, "--warmup", warmup, 0);
    OptionChecks.atLeast(spec, "--threads-per-replica", threadsPerReplica, 0);
    OptionChecks.outputDirectory(spec, "--out", out);
    PrintWriter w = spec.commandLine().getOut();
    int threads =
        threadsPerReplica > 0
            ? threadsPerReplica
            : Math.max(1, Runtime.getRuntime().availableProcessors() / replicas);
    w.printf(
        Locale.ROOT,
        "CNN on 3x%dx%d, %d replicas, %d ND4J threads each, %d rounds x %d steps (after %d"
            + " warm-up); median step times%n",
        image,
        image,
        replicas,
        threads,
        rounds,
        steps,
        warmup);
    w.printf(
        "%-8s %11s %11s %11s %9s %9s %11s%n",
        "batch/r", "syncbn ms", "bn ms", "nobn ms", "sync/bn", "bn/nobn", "sync/nobn");
    List<Map<String, Object>> rows = new ArrayList<>();
    double ratioMax = 0;
    for (int batch : batches) {
      Map<String, double[]> stepTimes = measure(batch, threads);
      double sync = median(stepTimes.get("syncbn"));
      double bn = median(stepTimes.get("bn"));
      double none = median(stepTimes.get("nobn"));
      ratioMax = Math.max(ratioMax, sync / bn);
      w.printf(
          Locale.ROOT,
          "%-8d %11.2f %11.2f %11.2f %9.3f %9.3f %11.3f%n",
          batch,
          sync,
          bn,
          none,
          sync / bn,
          bn / none,
          sync / none);
      w.flush();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("per_replica_batch", batch);
      row.put("syncbn_ms", sync);
      row.put("bn_ms", bn);
      row.put("nobn_ms", none);
      row.put("syncbn_over_bn", sync / bn);
      row.put("bn_over_nobn", bn / none);
      row.put("syncbn_over_nobn", sync / none);
      stepTimes.forEach((k, v) -> row.put(k + "_step_ms", v));
      rows.add(row);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "syncbn");
    report.put("replicas", replicas);
    report.put("image", List.of(3, image, image));
    report.put("threads_per_replica", threads);
    report.put("rounds", rounds);
    report.put("steps", steps);
    report.put("warmup", warmup);
    report.put("results", rows);
    report.put("syncbn_ratio_max", ratioMax);
    report.put("target", TARGET_RATIO);
    Path file = write(report);
    w.printf(
        Locale.ROOT,
        "largest SyncBN/BN ratio %.3f (target <= %.2f; the seed measured about 1.5); wrote %s%n",
        ratioMax,
        TARGET_RATIO,
        file);
    w.printf(Locale.ROOT, "syncbn_ratio_max=%.3f%n", ratioMax);
    w.flush();
    return 0;
  }

  /**
   * Every timed step's duration (ms) per variant. Rounds alternate the variants and rotate which
   * goes first; the median over all steps shrugs off bursts of load from other processes.
   */
  private Map<String, double[]> measure(int perReplicaBatch, int threads) {
    int global = perReplicaBatch * replicas;
    ArrayDataset data =
        SyntheticDataset.classification(
            Math.max(4 * global, 256), new long[] {3, image, image}, 10, 1.0, 1);
    List<ParallelUpdater> updaters = new ArrayList<>();
    Map<String, double[]> times = new LinkedHashMap<>();
    try {
      for (String variant : VARIANTS) {
        Model model = Model.of(cnn(variant));
        MomentumSGD optimizer = new MomentumSGD(0.01, 0.9);
        optimizer.setup(model);
        ParallelUpdater updater =
            ParallelUpdater.builder(SerialIterator.of(data, global), optimizer)
                .replicas(replicas)
                .threadsPerReplica(threads)
                .build();
        updaters.add(updater);
        for (int i = 0; i < warmup; i++) {
          updater.update();
        }
        times.put(variant, new double[rounds * steps]);
      }
      for (int round = 0; round < rounds; round++) {
        for (int k = 0; k < VARIANTS.length; k++) {
          int v = (k + round) % VARIANTS.length; // rotate who goes first
          ParallelUpdater updater = updaters.get(v);
          for (int i = 0; i < steps; i++) {
            long start = System.nanoTime();
            updater.update();
            times.get(VARIANTS[v])[round * steps + i] = (System.nanoTime() - start) / 1e6;
          }
        }
      }
    } finally {
      for (int i = updaters.size() - 1; i >= 0; i--) {
        updaters.get(i).close(); // reverse order: each restores the thread setting it found
      }
    }
    return times;
  }

  /**
   * conv3x3(16) - [BN] - ReLU - pool - conv3x3(32) - [BN] - ReLU - pool - dense(64) - [BN] - ReLU -
   * softmax(10); the variants differ only in the normalization layers.
   */
  private MultiLayerNetwork cnn(String variant) {
    var list =
        new NeuralNetConfiguration.Builder()
            .seed(42)
            .weightInit(WeightInit.RELU)
            .list()
            .layer(conv(16));
    normalization(list, variant);
    list.layer(new ActivationLayer(Activation.RELU))
        .layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build())
        .layer(conv(32));
    normalization(list, variant);
    list.layer(new ActivationLayer(Activation.RELU))
        .layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build())
        .layer(new DenseLayer.Builder().nOut(64).activation(Activation.IDENTITY).build());
    normalization(list, variant);
    list.layer(new ActivationLayer(Activation.RELU))
        .layer(
            new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(10)
                .activation(Activation.SOFTMAX)
                .build())
        .setInputType(InputType.convolutional(image, image, 3));
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    return net;
  }

  private static ConvolutionLayer conv(int channels) {
    return new ConvolutionLayer.Builder(3, 3)
        .nOut(channels)
        .padding(1, 1)
        .activation(Activation.IDENTITY)
        .build();
  }

  private static void normalization(NeuralNetConfiguration.ListBuilder list, String variant) {
    switch (variant) {
      case "syncbn" -> list.layer(new SyncBatchNormalization.Builder().build());
      case "bn" -> list.layer(new BatchNormalization.Builder().build());
      default -> {}
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private Path write(Map<String, Object> report) {
    try {
      Path file = out.resolve("syncbn.json");
      Results.writeJson(file, report);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write syncbn.json to " + out, e);
    }
  }
}
