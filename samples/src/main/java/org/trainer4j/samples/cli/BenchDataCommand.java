package org.trainer4j.samples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.datasets.DelayedDataset;
import org.trainer4j.datasets.ImageLayout;
import org.trainer4j.iterators.BatchIterator;
import org.trainer4j.iterators.PrefetchIterator;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.samples.common.Results;
import org.trainer4j.samples.data.FashionMnist;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.StandardUpdater;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench data}: trains one small model on Fashion-MNIST slowed down to a fixed decode time
 * per example, alternating SerialIterator and PrefetchIterator runs, and compares the share of each
 * step spent waiting for data ({@code main/data_wait}) and the step time.
 */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = {
      "Serial vs prefetching iterator on a deliberately slow dataset: data-wait share of step time"
          + " and speed-up.",
      "Last line: prefetch_data_wait_share=<fraction>."
    })
public final class BenchDataCommand implements Callable<Integer> {

  /** The target: with prefetching, data wait under this share of step time. */
  static final double TARGET_SHARE = 0.05;

  @Spec CommandSpec spec;

  /**
   * The longest simulated decode time per example: 10 s makes a 64-example serial batch take over
   * 10 minutes. Infinity once rounded to a delay that overflowed into no sleep at all.
   */
  static final long MAX_DELAY_MS = 10_000;

  @Option(
      names = "--delay-ms",
      description = "Simulated decode time per example, 0 to " + MAX_DELAY_MS + " ms (default 2).")
  double delayMs = 2.0;

  @Option(names = "--batch", description = "Minibatch size (default 64).")
  int batchSize = 64;

  @Option(names = "--workers", description = "PrefetchIterator worker threads (default 32).")
  int workers = 32;

  @Option(
      names = "--prefetch",
      description = "Batches planned ahead by PrefetchIterator (default: twice the workers).")
  int prefetch = 0;

  @Option(names = "--rounds", description = "Serial/prefetch run pairs, alternating (default 3).")
  int rounds = 3;

  @Option(names = "--steps", description = "Measured iterations per run (default 40).")
  int steps = 40;

  @Option(
      names = "--warmup",
      description = "Unmeasured iterations at the start of each run (default 10).")
  int warmup = 10;

  @Option(names = "--model", description = "mlp or cnn (default mlp).")
  String modelKind = "mlp";

  @Option(
      names = "--data",
      description =
          "Directory of Fashion-MNIST/MNIST IDX files (default: installed full set, else bundled subset).")
  Path dataDir;

  @Option(
      names = "--out",
      description = "Directory for bench-data.json (default result/bench-data).")
  Path out = Path.of("result", "bench-data");

  @Option(names = "--seed", description = "Seed for the model and the shuffling (default 0).")
  long seed;

  /** Measurements of one run of one iterator kind. */
  record Run(int round, String iterator, List<Double> stepSeconds, List<Double> dataWaitSeconds) {
    double totalStep() {
      return stepSeconds.stream().mapToDouble(Double::doubleValue).sum();
    }

    double totalWait() {
      return dataWaitSeconds.stream().mapToDouble(Double::doubleValue).sum();
    }

    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("round", round);
      m.put("iterator", iterator);
      m.put("step_seconds", stepSeconds);
      m.put("data_wait_seconds", dataWaitSeconds);
      return m;
    }
  }

  /** Pooled result of one iterator kind over all rounds. */
  record Summary(
      String iterator,
      int steps,
      double meanStepMs,
      double meanDataWaitMs,
      double dataWaitShare,
      double examplesPerSecond) {

    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("iterator", iterator);
      m.put("steps", steps);
      m.put("mean_step_ms", meanStepMs);
      m.put("mean_data_wait_ms", meanDataWaitMs);
      m.put("data_wait_share", dataWaitShare);
      m.put("examples_per_second", examplesPerSecond);
      return m;
    }
  }

  @Override
  public Integer call() {
    validate();
    PrintWriter w = spec.commandLine().getOut();
    ImageLayout layout = "cnn".equals(modelKind) ? ImageLayout.CHANNELS_FIRST : ImageLayout.FLAT;
    FashionMnist data =
        dataDir != null ? FashionMnist.load(dataDir, layout) : FashionMnist.load(layout);
    Dataset slow = DelayedDataset.of(data.train(), Duration.ofNanos(Math.round(delayMs * 1e6)));
    Model model = "cnn".equals(modelKind) ? cnn(seed) : mlp(seed);
    Optimizer optimizer = new Adam(1e-3);
    optimizer.setup(model);
    int ahead = prefetch > 0 ? prefetch : 2 * workers;
    w.printf("bench data: %s%n", data.source());
    w.printf(
        "decode slowed by a %.2f ms sleep per example (I/O-like; %.1f ms per batch of %d);"
            + " model %s (%d parameters)%n",
        delayMs, delayMs * batchSize, batchSize, modelKind, model.numParams());
    w.printf(
        "PrefetchIterator: %d workers, %d batches ahead; %d rounds x %d measured steps (+%d warm-up)%n",
        workers, ahead, rounds, steps, warmup);
    w.flush();

    // JIT and native warm-up on the undelayed data, so the first measured run is not penalised.
    measure(0, "warm-up", SerialIterator.of(data.train(), batchSize), optimizer, 0);
    List<Run> runs = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      // Alternate which kind goes first so slow drift (thermal, other load) hits both alike.
      boolean serialFirst = round % 2 == 1;
      for (int k = 0; k < 2; k++) {
        boolean serial = (k == 0) == serialFirst;
        BatchIterator iterator =
            serial
                ? SerialIterator.builder(slow).batchSize(batchSize).seed(seed).build()
                : PrefetchIterator.builder(slow)
                    .batchSize(batchSize)
                    .seed(seed)
                    .workers(workers)
                    .prefetch(ahead)
                    .name("bench-data")
                    .build();
        Run run = measure(round, serial ? "serial" : "prefetch", iterator, optimizer, warmup);
        runs.add(run);
        w.printf(
            "round %d %-8s: step %7.1f ms, data wait %7.1f ms (%5.1f %%)%n",
            round,
            run.iterator(),
            1e3 * run.totalStep() / steps,
            1e3 * run.totalWait() / steps,
            100 * run.totalWait() / run.totalStep());
        w.flush();
      }
    }
    Summary serial = summarize("serial", runs);
    Summary prefetching = summarize("prefetch", runs);
    double speedUp = serial.meanStepMs() / prefetching.meanStepMs();
    for (Summary s : List.of(serial, prefetching)) {
      w.printf(
          "%-8s: mean step %7.1f ms, data wait %7.1f ms = %5.1f %% of step time, %6.0f examples/s%n",
          s.iterator(),
          s.meanStepMs(),
          s.meanDataWaitMs(),
          100 * s.dataWaitShare(),
          s.examplesPerSecond());
    }
    w.printf("speed-up (serial step time / prefetch step time): %.2fx%n", speedUp);
    // On a loaded CPU the step minus its data wait also differs: ND4J's native threads idle
    // during a serial wait and resume slowly. Printed so the speed-up is not all read as waiting.
    w.printf(
        "step time besides data wait: serial %.1f ms, prefetch %.1f ms%n",
        serial.meanStepMs() - serial.meanDataWaitMs(),
        prefetching.meanStepMs() - prefetching.meanDataWaitMs());
    boolean met = prefetching.dataWaitShare() < TARGET_SHARE;
    w.printf(
        "target (prefetch data wait < %.0f %% of step time): %s%n",
        100 * TARGET_SHARE, met ? "met" : "NOT met");
    double supplyMs = delayMs * batchSize / workers;
    double computeMs = prefetching.meanStepMs() - prefetching.meanDataWaitMs();
    if (!met && supplyMs > computeMs) {
      w.printf(
          "hint: %d workers finish a batch every %.1f ms but a step computes in %.1f ms;"
              + " raise --workers to at least %d%n",
          workers, supplyMs, computeMs, (int) Math.ceil(delayMs * batchSize / computeMs));
    }
    Path json = writeJson(data, model, ahead, runs, serial, prefetching, speedUp, met);
    w.printf("results: %s%n", json);
    w.printf("prefetch_data_wait_share=%.4f%n", prefetching.dataWaitShare());
    w.flush();
    return 0;
  }

  private void validate() {
    OptionChecks.notNegative(spec, "--delay-ms", delayMs);
    OptionChecks.atMost(spec, "--delay-ms", delayMs, MAX_DELAY_MS);
    check(batchSize > 0, "--batch must be positive: " + batchSize);
    check(workers > 0, "--workers must be positive: " + workers);
    check(prefetch >= 0, "--prefetch must not be negative: " + prefetch);
    check(rounds > 0, "--rounds must be positive: " + rounds);
    check(steps > 0, "--steps must be positive: " + steps);
    check(warmup > 0, "--warmup must be positive (the first step has no start time): " + warmup);
    check(
        "cnn".equals(modelKind) || "mlp".equals(modelKind),
        "--model must be cnn or mlp: " + modelKind);
  }

  private void check(boolean ok, String message) {
    if (!ok) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }
  }

  /** Trains {@code unmeasured + steps} iterations and records the last {@code steps}. */
  private Run measure(
      int round, String kind, BatchIterator iterator, Optimizer optimizer, int unmeasured) {
    List<Double> stepSeconds = new ArrayList<>();
    List<Double> waits = new ArrayList<>();
    long[] last = {0};
    Trainer trainer =
        new Trainer(
            new StandardUpdater(iterator, optimizer),
            IntervalTrigger.iterations(unmeasured + steps),
            out.resolve("runs"));
    trainer.extend(
        Extensions.of(
            "timer",
            t -> {
              long now = System.nanoTime();
              if (t.getUpdater().getIteration() > unmeasured) {
                stepSeconds.add((now - last[0]) / 1e9);
                waits.add(t.getObservation().get("main/data_wait"));
              }
              last[0] = now;
            }));
    trainer.run(); // closes the iterator, stopping prefetch workers
    return new Run(round, kind, List.copyOf(stepSeconds), List.copyOf(waits));
  }

  private Summary summarize(String kind, List<Run> runs) {
    double step = 0;
    double wait = 0;
    int n = 0;
    for (Run r : runs) {
      if (r.iterator().equals(kind)) {
        step += r.totalStep();
        wait += r.totalWait();
        n += r.stepSeconds().size();
      }
    }
    return new Summary(kind, n, 1e3 * step / n, 1e3 * wait / n, wait / step, n * batchSize / step);
  }

  private Path writeJson(
      FashionMnist data,
      Model model,
      int ahead,
      List<Run> runs,
      Summary serial,
      Summary prefetching,
      double speedUp,
      boolean met) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("data", data.source());
    config.put("bundled_subset", data.bundled());
    config.put("delay_ms_per_example", delayMs);
    config.put("batch_size", batchSize);
    config.put("model", modelKind);
    config.put("parameters", model.numParams());
    config.put("workers", workers);
    config.put("prefetch", ahead);
    config.put("rounds", rounds);
    config.put("steps_per_run", steps);
    config.put("warmup_steps_per_run", warmup);
    config.put("seed", seed);
    config.put("available_processors", Runtime.getRuntime().availableProcessors());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "bench data");
    result.put("config", config);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("serial", serial.toJson());
    summary.put("prefetch", prefetching.toJson());
    result.put("summary", summary);
    result.put("speed_up", speedUp);
    result.put("target_share", TARGET_SHARE);
    result.put("target_met", met);
    result.put("prefetch_data_wait_share", prefetching.dataWaitShare());
    result.put("runs", runs.stream().map(Run::toJson).toList());
    try {
      Path json = out.resolve("bench-data.json");
      Results.writeJson(json, result);
      return json;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write results to " + out, e);
    }
  }

  /** Two conv-pool stages and a dense layer for 28x28 grey images. */
  static Model cnn(long seed) {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .weightInit(WeightInit.RELU)
            .list()
            .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU).build())
            .layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build())
            .layer(new ConvolutionLayer.Builder(5, 5).nOut(32).activation(Activation.RELU).build())
            .layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build())
            .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(FashionMnist.NUM_CLASSES)
                    .activation(Activation.SOFTMAX)
                    .build())
            .setInputType(InputType.convolutional(28, 28, 1))
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return Model.of(net);
  }

  /** A 784-256-128-10 perceptron. */
  static Model mlp(long seed) {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .weightInit(WeightInit.XAVIER)
            .list()
            .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.RELU).build())
            .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(FashionMnist.NUM_CLASSES)
                    .activation(Activation.SOFTMAX)
                    .build())
            .setInputType(InputType.feedForward(784))
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return Model.of(net);
  }
}
