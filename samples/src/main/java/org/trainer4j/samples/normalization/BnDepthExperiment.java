package org.trainer4j.samples.normalization;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.activations.Activation;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.datasets.SubsetDataset;
import org.trainer4j.extensions.evaluation.Evaluator;
import org.trainer4j.extensions.report.LogReport;
import org.trainer4j.extensions.report.ProgressBar;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.MomentumSGD;
import org.trainer4j.samples.common.Plots;
import org.trainer4j.samples.common.Results;
import org.trainer4j.samples.common.Scores;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.StandardUpdater;

/**
 * Seed 003: ReLU MLPs of 3 and 15 layers, with and without BatchNorm, trained by momentum SGD. The
 * seed found the 15-layer network without BN stuck at chance (loss 2.30) and BN learning.
 */
public final class BnDepthExperiment {

  /** Experiment settings; the seed's are hidden 1000, batch 128, lr 0.1, momentum 0.9. */
  public record Settings(
      int hidden,
      int batchSize,
      double lr,
      double momentum,
      int epochs,
      List<Integer> depths,
      double initStd,
      long seed) {}

  /** One line of the seed-style log: losses and error rates (percent). */
  public record EpochLog(
      int epoch, double trainLoss, double trainError, double valLoss, double valError) {}

  /** One network's run. */
  public record Run(
      int layers,
      boolean batchNorm,
      List<EpochLog> log,
      double testLoss,
      double testError,
      double seconds) {
    String label() {
      return layers + " layers " + (batchNorm ? "BN" : "no BN");
    }
  }

  private final Settings settings;

  public BnDepthExperiment(Settings settings) {
    this.settings = settings;
  }

  /** Trains every (depth, BN) combination and writes JSON, CSV and plots into {@code outDir}. */
  public List<Run> run(Dataset train, Dataset val, Dataset test, Path outDir, PrintStream out)
      throws IOException {
    List<Run> runs = new ArrayList<>();
    for (int layers : settings.depths()) {
      for (boolean bn : new boolean[] {false, true}) {
        runs.add(runOne(layers, bn, train, val, test, outDir, out));
      }
    }
    write(runs, outDir);
    out.println();
    out.printf("%-22s %12s %12s %10s%n", "network", "test loss", "test err %", "time s");
    for (Run r : runs) {
      out.printf(
          "%-22s %12.4f %12.2f %10.1f%n", r.label(), r.testLoss(), r.testError(), r.seconds());
    }
    return runs;
  }

  private Run runOne(
      int layers,
      boolean bn,
      Dataset train,
      Dataset val,
      Dataset test,
      Path outDir,
      PrintStream out) {
    long inputs = 1;
    for (long d : train.exampleShape()) {
      inputs *= d;
    }
    Model model =
        Model.of(
            DeepMlp.build(
                (int) inputs,
                settings.hidden(),
                layers,
                bn,
                Activation.RELU,
                settings.initStd(),
                train.labelWidth(),
                settings.seed()));
    MomentumSGD optimizer = new MomentumSGD(settings.lr(), settings.momentum());
    optimizer.setup(model);
    SerialIterator iterator =
        SerialIterator.builder(train).batchSize(settings.batchSize()).seed(settings.seed()).build();
    Trainer trainer =
        new Trainer(
            new StandardUpdater(iterator, optimizer),
            IntervalTrigger.epochs(settings.epochs()),
            outDir.resolve("runs").resolve(layers + (bn ? "-bn" : "-nobn")));
    List<EpochLog> log = new ArrayList<>();
    out.printf(
        "# %d layers, %s, hidden %d, batch %d, lr %.3g, momentum %.2f%n",
        layers,
        bn ? "BatchNorm" : "no BN",
        settings.hidden(),
        settings.batchSize(),
        settings.lr(),
        settings.momentum());
    out.println(
        "# epoch | train loss err% (epoch 0: evaluated; then running mean) | val loss err%");
    Evaluator.Result train0 = Scores.of(model, subset(train, val.size()));
    Evaluator.Result val0 = Scores.of(model, val);
    log.add(
        new EpochLog(
            0, train0.loss(), Scores.errorPercent(train0), val0.loss(), Scores.errorPercent(val0)));
    print(out, log.get(0));
    LogReport report = new LogReport();
    trainer.extend(Evaluator.of(Scores.iterator(val)));
    trainer.extend(report);
    trainer.extend(
        Extensions.of(
            "seed-log",
            t -> {
              Map<String, Double> e = report.getLog().get(report.getLog().size() - 1);
              EpochLog entry =
                  new EpochLog(
                      t.getUpdater().getEpoch(),
                      e.get("main/loss"),
                      100 * (1 - e.get("main/accuracy")),
                      e.get("validation/main/loss"),
                      100 * (1 - e.get("validation/main/accuracy")));
              log.add(entry);
              print(out, entry);
            }),
        IntervalTrigger.epochs(1));
    trainer.extend(new ProgressBar());
    long start = System.nanoTime();
    trainer.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    Evaluator.Result t = Scores.of(model, test);
    out.printf("# test | %.4f %.2f   (%.1f s)%n", t.loss(), Scores.errorPercent(t), seconds);
    return new Run(layers, bn, log, t.loss(), Scores.errorPercent(t), seconds);
  }

  private static Dataset subset(Dataset data, int n) {
    return SubsetDataset.first(data, n);
  }

  private static void print(PrintStream out, EpochLog e) {
    out.printf(
        "%d | %.4f %.2f | %.4f %.2f%n",
        e.epoch(), e.trainLoss(), e.trainError(), e.valLoss(), e.valError());
  }

  private void write(List<Run> runs, Path outDir) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("experiment", "bn-depth (seed 003)");
    json.put("settings", settings);
    json.put("runs", runs);
    Results.writeJson(outDir.resolve("bn_depth.json"), json);
    List<List<?>> rows = new ArrayList<>();
    for (Run r : runs) {
      for (EpochLog e : r.log()) {
        rows.add(
            List.of(
                r.layers(),
                r.batchNorm(),
                e.epoch(),
                e.trainLoss(),
                e.trainError(),
                e.valLoss(),
                e.valError()));
      }
    }
    Results.writeCsv(
        outDir.resolve("bn_depth.csv"),
        List.of(
            "layers", "batch_norm", "epoch", "train_loss", "train_error", "val_loss", "val_error"),
        rows);
    Map<String, Plots.Series> loss = new LinkedHashMap<>();
    Map<String, Plots.Series> error = new LinkedHashMap<>();
    for (Run r : runs) {
      double[] x = r.log().stream().mapToDouble(EpochLog::epoch).toArray();
      loss.put(
          r.label(),
          new Plots.Series(x, r.log().stream().mapToDouble(EpochLog::valLoss).toArray()));
      error.put(
          r.label(),
          new Plots.Series(x, r.log().stream().mapToDouble(EpochLog::valError).toArray()));
    }
    Plots.lines(
        outDir.resolve("bn_depth_val_loss.png"), "Validation loss", "epoch", "loss", loss, false);
    Plots.lines(
        outDir.resolve("bn_depth_val_error.png"),
        "Validation error",
        "epoch",
        "error %",
        error,
        false);
  }
}
