package org.trainer4j.samples.bench;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.SyntheticDataset;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.SGD;
import org.trainer4j.samples.common.Results;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.StandardUpdater;

/**
 * Measures what trainer4j adds to a plain DL4J loop: the same MLP (784-1000-1000-10) is trained on
 * the same batches by {@code MultiLayerNetwork.fit} in a loop (A) and by a {@link Trainer} with
 * reporting extensions (B), alternating A and B in rounds so drifts in machine speed hit both.
 */
public final class OverheadBenchmark {

  /** Benchmark settings. */
  public record Settings(
      int rounds, int stepsPerRound, int batchSize, int warmupSteps, long seed) {}

  /** One round's seconds for each side. */
  public record Round(int round, double plainSeconds, double trainerSeconds) {
    double ratio() {
      return trainerSeconds / plainSeconds;
    }
  }

  private final Settings settings;
  private final Extension[] extensions;

  /** Extensions registered on the trainer side, e.g. LogReport-level reporting. */
  public OverheadBenchmark(Settings settings, Extension... extensions) {
    Preconditions.checkArgument(
        settings.warmupSteps() >= 1, "warmupSteps must be at least 1: %s", settings.warmupSteps());
    Preconditions.checkArgument(
        settings.rounds() >= 1, "rounds must be positive: %s", settings.rounds());
    Preconditions.checkArgument(
        settings.stepsPerRound() >= 1,
        "stepsPerRound must be positive: %s",
        settings.stepsPerRound());
    this.settings = settings;
    this.extensions = extensions;
  }

  /** Runs the benchmark, prints a table to {@code out} and writes JSON into {@code outDir}. */
  public double run(Path outDir, PrintStream out) throws IOException {
    int steps = settings.stepsPerRound();
    int b = settings.batchSize();
    ArrayDataset data =
        SyntheticDataset.classification(steps * b, new long[] {784}, 10, 1.0, settings.seed());
    List<DataSet> batches = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      int[] idx = new int[b];
      for (int j = 0; j < b; j++) {
        idx[j] = i * b + j;
      }
      batches.add(data.get(idx).toDataSet());
    }
    MultiLayerNetwork plain = network(settings.seed());
    Model model = Model.of(network(settings.seed()));
    SGD optimizer = new SGD(0.01);
    optimizer.setup(model);
    SerialIterator iterator = SerialIterator.builder(data).batchSize(b).shuffle(false).build();
    long total = settings.warmupSteps() + (long) settings.rounds() * steps;
    Trainer trainer =
        new Trainer(
            new StandardUpdater(iterator, optimizer),
            IntervalTrigger.iterations(total),
            outDir.resolve("run"));
    for (Extension e : extensions) {
      trainer.extend(e);
    }
    // Both sides run on this thread: ND4J's OpenMP pool belongs to the calling thread, and a second
    // thread's idle pool would spin against the measured one. The plain rounds run inside a gate
    // extension that comes last in every iteration, so the trainer's time per round is measured
    // from the end of one plain round to the gate at the end of the next trainer round.
    List<Round> rounds = new ArrayList<>();
    long[] roundStart = new long[1];
    Extension gate =
        Extensions.builder(
                "ab-gate",
                t -> {
                  long it = t.getUpdater().getIteration();
                  if (it == settings.warmupSteps()) {
                    for (int i = 0; i < settings.warmupSteps(); i++) {
                      plain.fit(batches.get(i % steps));
                    }
                  } else if (it > settings.warmupSteps()
                      && (it - settings.warmupSteps()) % steps == 0) {
                    long trainerEnd = System.nanoTime();
                    for (DataSet ds : batches) {
                      plain.fit(ds);
                    }
                    long plainEnd = System.nanoTime();
                    Round round =
                        new Round(
                            rounds.size(),
                            (plainEnd - trainerEnd) / 1e9,
                            (trainerEnd - roundStart[0]) / 1e9);
                    rounds.add(round);
                    out.printf(
                        "round %2d  plain %.3f s  trainer %.3f s  ratio %.4f%n",
                        round.round(), round.plainSeconds(), round.trainerSeconds(), round.ratio());
                  } else {
                    return;
                  }
                  roundStart[0] = System.nanoTime();
                })
            .priority(Integer.MIN_VALUE)
            .build();
    trainer.extend(gate);
    trainer.run();
    double plainTotal = rounds.stream().mapToDouble(Round::plainSeconds).sum();
    double trainerTotal = rounds.stream().mapToDouble(Round::trainerSeconds).sum();
    double ratio = trainerTotal / plainTotal;
    double[] sorted = rounds.stream().mapToDouble(Round::ratio).sorted().toArray();
    double median = sorted[sorted.length / 2];

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", "overhead");
    json.put("model", "MLP 784-1000-1000-10, SGD lr 0.01");
    json.put("data", "synthetic (not real data), same batches for both sides");
    json.put("settings", settings);
    json.put("extensions", extensionNames());
    json.put("rounds", rounds);
    json.put("plain_seconds", plainTotal);
    json.put("trainer_seconds", trainerTotal);
    json.put("overhead_ratio", ratio);
    json.put("median_round_ratio", median);
    Results.writeJson(outDir.resolve("overhead.json"), json);
    out.printf(
        "plain DL4J loop %.3f s, trainer %.3f s over %d rounds of %d steps (batch %d); median round"
            + " ratio %.4f%n",
        plainTotal, trainerTotal, rounds.size(), steps, settings.batchSize(), median);
    out.printf("overhead_ratio=%.4f%n", ratio);
    return ratio;
  }

  private List<String> extensionNames() {
    List<String> names = new ArrayList<>();
    for (Extension e : extensions) {
      names.add(e.defaultName());
    }
    return names;
  }

  static MultiLayerNetwork network(long seed) {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .updater(new Sgd(0.01))
            .weightInit(WeightInit.XAVIER)
            .list()
            .layer(new DenseLayer.Builder().nIn(784).nOut(1000).activation(Activation.RELU).build())
            .layer(
                new DenseLayer.Builder().nIn(1000).nOut(1000).activation(Activation.RELU).build())
            .layer(
                new OutputLayer.Builder(LossFunction.MCXENT)
                    .nIn(1000)
                    .nOut(10)
                    .activation(Activation.SOFTMAX)
                    .build())
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }
}
