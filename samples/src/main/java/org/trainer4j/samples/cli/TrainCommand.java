package org.trainer4j.samples.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.datasets.DatasetSplit;
import org.trainer4j.datasets.ImageAugmentation;
import org.trainer4j.datasets.ImageLayout;
import org.trainer4j.datasets.SubsetDataset;
import org.trainer4j.extensions.StandardExtensions;
import org.trainer4j.extensions.evaluation.Evaluator;
import org.trainer4j.extensions.minibatch.Budget;
import org.trainer4j.extensions.minibatch.EpochTimeMinimize;
import org.trainer4j.extensions.minibatch.GoodputMaximize;
import org.trainer4j.extensions.minibatch.GoodputOptimizer;
import org.trainer4j.extensions.minibatch.GpuUsageMaximize;
import org.trainer4j.extensions.minibatch.LrScaling;
import org.trainer4j.extensions.minibatch.MinibatchSizeOptimizer;
import org.trainer4j.extensions.minibatch.MinibatchSizeStrategy;
import org.trainer4j.extensions.minibatch.SearchSettings;
import org.trainer4j.extensions.minibatch.ThroughputMaximize;
import org.trainer4j.extensions.minibatch.goodput.GoodputSettings;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.extensions.minibatch.goodput.NoiseGeometry;
import org.trainer4j.extensions.monitor.DeviceMonitors;
import org.trainer4j.extensions.schedule.ExponentialShift;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.parallel.Communicator;
import org.trainer4j.parallel.Communicators;
import org.trainer4j.parallel.RankShardedDataset;
import org.trainer4j.samples.cnn.FashionCnn;
import org.trainer4j.samples.common.Results;
import org.trainer4j.samples.common.Scores;
import org.trainer4j.samples.data.FashionMnist;
import org.trainer4j.training.PreemptionSignals;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Updater;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.DistributedUpdater;
import org.trainer4j.training.updaters.StandardUpdater;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code train}, the README's main job: the "2 Conv+pooling+BN" CNN on Fashion-MNIST, its minibatch
 * size tuned for time to accuracy by the GoodputOptimizer (or by the MinibatchSizeOptimizer with
 * another strategy), then trained with the standard extensions.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains a CNN (2 conv + pooling + BatchNorm) on Fashion-MNIST: the bundled real subset by"
          + " default, the full set when the Debian package dataset-fashion-mnist is installed, or"
          + " --data DIR.",
      "Before training the batch size is tuned (--tune; by default for time to accuracy, goodput"
          + " with the learning rate following the square root of the size, searched again every"
          + " epoch). Writes the log, plots, snapshots, minibatch_search.*, goodput.json and"
          + " test.json into --out; --resume continues from the newest valid snapshot there.",
      "Started by mpirun (mpirun -np 2 --bind-to none -x OMP_NUM_THREADS=1 java -jar ...), it"
          + " trains data-parallel: every process computes its share of each --batch-size batch,"
          + " rank 0 reports and writes the files; the processes search the batch size together"
          + " (a multiple of the process count, timed at the slowest process).",
      "SIGTERM or SIGINT: finishes the iteration, writes a snapshot and exits with code 75"
          + " (a second signal exits at once); --resume continues exactly."
    })
public final class TrainCommand implements Callable<Integer> {

  /** Minibatch-size search strategies selectable with {@code --tune}. */
  enum Tune {
    THROUGHPUT,
    EPOCH_TIME,
    GPU_USAGE,
    GOODPUT,
    NONE
  }

  @Spec CommandSpec spec;

  @Mixin DataOptions data;

  @Option(
      names = "--out",
      defaultValue = "result",
      description = "Output directory (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--epochs",
      defaultValue = "15",
      description = "Epochs to train (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--batch-size",
      defaultValue = "32",
      description =
          "Initial minibatch size, at most the training set's (the search starts here; default"
              + " ${DEFAULT-VALUE}, the paper's).")
  int batchSize;

  @Option(
      names = "--tune",
      defaultValue = "GOODPUT",
      description =
          "Batch-size search, in any case: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}:"
              + " the size that reaches a given accuracy soonest; THROUGHPUT the fastest per"
              + " epoch).")
  Tune tune;

  @Option(
      names = "--tune-budget",
      defaultValue = "60",
      description =
          "Most seconds the batch-size search may take (default ${DEFAULT-VALUE}; with --quick 5,"
              + " unless given). With --goodput-every, for the whole run: the search before"
              + " training takes at most half, each re-estimate an equal share of the rest.")
  double tuneBudget;

  @Option(
      names = "--lr",
      defaultValue = "0.001",
      description = "Adam learning rate (default ${DEFAULT-VALUE}).")
  double lr;

  LrRule lrScaling;

  // A setter, so that an unknown rule is refused as "--lr-scaling: 'x' is not one of ...", not
  // with picocli's "cannot convert 'x' to LrRule (java.lang.IllegalArgumentException: ...)".
  @Option(
      names = "--lr-scaling",
      defaultValue = "sqrt",
      description =
          "How the learning rate follows the batch size the search picks: none, linear, sqrt, or"
              + " adascale with --tune GOODPUT (default ${DEFAULT-VALUE}); the --lr-decay"
              + " schedule follows the scaled rate.")
  void lrScaling(String name) {
    lrScaling = TrainOptionChecks.lrRule(spec, name);
  }

  @Option(
      names = "--goodput-every",
      defaultValue = "1",
      description =
          "With --tune GOODPUT (else ignored with a warning): search again every N epochs, as the"
              + " gradient noise scale grows (default ${DEFAULT-VALUE}; 0: only before training).")
  int goodputEvery;

  @Option(
      names = "--explore-in-training",
      negatable = true,
      defaultValue = "false",
      fallbackValue = "true",
      description =
          "With --tune GOODPUT and --goodput-every above 0: no search before training; training"
              + " times each size itself and grows one step at a time while goodput says so (the"
              + " copies only estimate the gradient noise). Default off: faster on the"
              + " full-data MLP, not on this CNN (docs/goodput.md).")
  boolean exploreInTraining;

  @Option(
      names = "--noise-geometry",
      defaultValue = "raw",
      converter = TrainOptionChecks.NoiseGeometryConverter.class,
      description =
          "With --tune GOODPUT (else ignored with a warning): where the gradient noise is"
              + " measured: raw (the loss gradient) or optimizer (as Adam steps, each component"
              + " divided by Adam's running scale, as Pollux measures it, that scale floored at"
              + " 0.1x its layer block's RMS; default ${DEFAULT-VALUE}).")
  NoiseGeometry noiseGeometry;

  @Option(
      names = "--critical-batch-factor",
      description =
          "With --tune GOODPUT (else ignored with a warning): the critical batch size the"
              + " efficiency assumes, in measured noise scales (default 4, measured on this"
              + " project's Adam-trained jobs; 1: Pollux's model as published).")
  Double criticalBatchFactor;

  @Option(
      names = "--lr-decay",
      defaultValue = "0.85",
      description =
          "Factor the learning rate is multiplied by after every epoch (1 keeps it constant;"
              + " default ${DEFAULT-VALUE}).")
  double lrDecay;

  @Option(
      names = "--dropout",
      defaultValue = "0.4",
      description =
          "Fraction of the dense layer's inputs dropped in training (default ${DEFAULT-VALUE}).")
  double dropout;

  @Option(
      names = "--augment",
      negatable = true,
      defaultValue = "false",
      fallbackValue = "true",
      description =
          "Mirror training images left-right at random and shift them by up to --max-shift pixels"
              + " (default off: in 15 epochs the augmented runs fitted less and scored lower).")
  boolean augment;

  @Option(
      names = "--max-shift",
      defaultValue = "2",
      description =
          "With --augment (else ignored with a warning): most pixels an augmented image moves"
              + " each way (default ${DEFAULT-VALUE}).")
  int maxShift;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--resume", description = "Continue from the newest valid snapshot in --out.")
  boolean resume;

  @Option(names = "--quick", description = "A smoke run: 1 epoch on 1200 examples, short search.")
  boolean quick;

  @Override
  public Integer call() throws Exception {
    TrainOptionChecks.check(this);
    OptionChecks.outputDirectory(spec, "--out", out);
    try (Communicator comm = Communicators.auto();
        RankConsole console = RankConsole.of(comm.rank(), System.out)) {
      try {
        return train(comm, console.out());
      } catch (RuntimeException | Error e) {
        comm.abort(e); // ends the other processes instead of leaving them in a collective
        throw e;
      }
    }
  }

  private int train(Communicator comm, PrintStream console) throws Exception {
    if (batchSize % comm.size() != 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--batch-size " + batchSize + " must be a multiple of the " + comm.size() + " processes");
    }
    FashionMnist fm = data.load(ImageLayout.CHANNELS_FIRST, console);
    Dataset trainSet = fm.train();
    Dataset testSet = fm.test();
    int e = epochs;
    double budget = tuneBudget;
    if (quick) {
      trainSet = SubsetDataset.first(trainSet, 1200);
      testSet = SubsetDataset.first(testSet, 500);
      e = 1;
      // A given budget stands: on a slow machine 5 s may not hold one gradient noise estimate.
      if (!spec.commandLine().getParseResult().hasMatchedOption("--tune-budget")) {
        budget = 5;
      }
    }
    DatasetSplit split = DatasetSplit.of(trainSet, 1.0 / 12, seed);
    // The iterator fills a batch larger than the set by serving it again, several epochs a step:
    // --batch-size 100000 allocated about 13 GB and failed with an OutOfMemoryError.
    if (batchSize > split.train().size()) {
      throw new ParameterException(
          spec.commandLine(),
          String.format(
              "--batch-size %d is larger than the training set's %d examples",
              batchSize, split.train().size()));
    }
    Model model = Model.of(FashionCnn.build(seed, dropout));
    Adam optimizer = new Adam(lr);
    optimizer.setup(model);
    ImageAugmentation augmentation = augment ? ImageAugmentation.flipAndShift(maxShift) : null;
    Dataset trainPart =
        augmentation != null ? augmentation.apply(split.train(), seed) : split.train();
    SerialIterator iterator =
        SerialIterator.builder(RankShardedDataset.of(trainPart, comm)) // this rank's rows only
            .batchSize(batchSize)
            .seed(seed)
            .build();
    Updater updater =
        comm.size() == 1
            ? new StandardUpdater(iterator, optimizer)
            : DistributedUpdater.builder(iterator, optimizer, comm).build();
    Trainer trainer = new Trainer(updater, IntervalTrigger.epochs(e), out);
    if (lrDecay != 1) {
      trainer.extend(new ExponentialShift("lr", lrDecay), IntervalTrigger.epochs(1));
    }
    MinibatchSizeStrategy strategy = strategy();
    // --quick trains for seconds: a share of that would be below the floor, so the search gets
    // its budget outright.
    Budget searchBudget =
        quick ? Budget.fixedSeconds(budget) : Budget.DEFAULT.withCapSeconds(budget);
    // Under mpirun every process searches with the others (same probes, the slowest process's
    // step times, rank 0's decisions), so all train with one size, a multiple of the process count.
    GoodputMaximize goodput = null;
    if (tune == Tune.GOODPUT) {
      GoodputSettings settings = GoodputSettings.DEFAULT.withGeometry(noiseGeometry);
      if (criticalBatchFactor != null) {
        settings = settings.withCriticalBatchFactor(criticalBatchFactor);
      }
      goodput = GoodputMaximize.of(settings);
      trainer.extend(
          GoodputOptimizer.builder()
              .strategy(goodput)
              .settings(SearchSettings.defaults().withBudget(searchBudget))
              .lrRule(lrScaling)
              .everyEpochs(goodputEvery)
              .exploreInTraining(exploreInTraining)
              .build());
    } else if (strategy != null) {
      trainer.extend(
          MinibatchSizeOptimizer.builder(strategy)
              .budget(searchBudget)
              .lrScaling(LrScaling.valueOf(lrScaling.name()))
              .build());
    }
    StandardExtensions.install(
        trainer,
        StandardExtensions.options()
            .validation(Scores.iterator(split.validation()))
            .resume(resume)
            .build());
    try (PreemptionSignals signals = PreemptionSignals.install(trainer)) {
      trainer.run();
    }
    if (trainer.stopRequest().isPresent()) {
      console.printf(
          "stopped by %s after iteration %d with a snapshot in %s; continue with --resume%n",
          trainer.stopRequest().get(), trainer.getUpdater().getIteration(), out);
      return PreemptionSignals.EXIT_PREEMPTED;
    }
    if (!comm.isRoot()) {
      return 0; // rank 0 evaluates on the test set and writes test.json
    }

    Evaluator.Result test = Scores.of(model, testSet);
    System.out.printf(
        "test: loss %.4f  accuracy %.4f  (%d images; %s)%n",
        test.loss(), test.accuracy(), test.examples(), fm.source());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("data", fm.source());
    json.put("bundled_subset", fm.bundled());
    json.put("epochs", e);
    json.put("lr", lr);
    json.put("lr_decay", lrDecay);
    json.put("lr_scaling", lrScaling.name().toLowerCase(Locale.ROOT));
    json.put("final_lr", optimizer.getLearningRate());
    if (goodput != null) {
      json.put("noise_geometry", goodput.settings().geometry().name().toLowerCase(Locale.ROOT));
      json.put("critical_batch_factor", goodput.settings().criticalBatchFactor());
      json.put("explore_in_training", exploreInTraining);
    }
    json.put("dropout", dropout);
    json.put("augmentation", augmentation != null ? augmentation.toString() : "none");
    json.put("final_batch_size", iterator.getBatchSize());
    json.put("processes", comm.size());
    json.put("iterations", trainer.getUpdater().getIteration());
    json.put("elapsed_seconds", trainer.getElapsedTime());
    json.put("test_loss", test.loss());
    json.put("test_accuracy", test.accuracy());
    Results.writeJson(out.resolve("test.json"), json);
    return 0;
  }

  private MinibatchSizeStrategy strategy() {
    return switch (tune) {
      case THROUGHPUT -> ThroughputMaximize.create();
      case EPOCH_TIME -> EpochTimeMinimize.create();
      case GPU_USAGE -> GpuUsageMaximize.of(DeviceMonitors.auto());
      case GOODPUT, NONE -> null; // GOODPUT is an extension of its own (GoodputOptimizer)
    };
  }
}
