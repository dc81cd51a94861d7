package org.trainer4j.samples.normalization;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.extensions.evaluation.Evaluator;
import org.trainer4j.extensions.report.ProgressBar;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.samples.cnn.Normalization;
import org.trainer4j.samples.cnn.VggStyleCnn;
import org.trainer4j.samples.common.Plots;
import org.trainer4j.samples.common.Results;
import org.trainer4j.samples.common.Scores;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.StandardUpdater;

/**
 * Seed 004: the same CNN with BatchNorm, GroupNorm, GroupNorm + Proxy Norm and LayerNorm + Proxy
 * Norm, trained at batch sizes from 2 to 128 for the same number of epochs; test accuracy against
 * batch size shows which normalizations depend on the batch.
 */
public final class ProxyNormExperiment {

  /** Settings. */
  public record Settings(
      List<Integer> batchSizes,
      double epochs,
      int[] channels,
      int convsPerStage,
      int groups,
      double lr,
      long seed) {}

  /** One (normalization, batch size) run. */
  public record Run(
      String normalization,
      int batchSize,
      long iterations,
      double testLoss,
      double testAccuracy,
      double seconds) {}

  static final List<Normalization> VARIANTS =
      List.of(
          Normalization.BATCH_NORM,
          Normalization.GROUP_NORM,
          Normalization.GROUP_NORM_PROXY,
          Normalization.LAYER_NORM_PROXY);

  private final Settings settings;

  public ProxyNormExperiment(Settings settings) {
    this.settings = settings;
  }

  /** Runs every combination and writes JSON, CSV and the accuracy plot into {@code outDir}. */
  public List<Run> run(Dataset train, Dataset test, Path outDir, PrintStream out)
      throws IOException {
    List<Run> runs = new ArrayList<>();
    for (Normalization norm : VARIANTS) {
      for (int batch : settings.batchSizes()) {
        runs.add(runOne(norm, batch, train, test, outDir, out));
      }
    }
    write(runs, outDir);
    out.println();
    out.printf("%-22s", "test accuracy");
    for (int b : settings.batchSizes()) {
      out.printf(" %8s", "b=" + b);
    }
    out.println();
    for (Normalization norm : VARIANTS) {
      out.printf("%-22s", norm.label());
      for (Run r : runs) {
        if (r.normalization().equals(norm.label())) {
          out.printf(" %8.4f", r.testAccuracy());
        }
      }
      out.println();
    }
    return runs;
  }

  private Run runOne(
      Normalization norm, int batch, Dataset train, Dataset test, Path outDir, PrintStream out) {
    long[] shape = train.exampleShape();
    VggStyleCnn cnn =
        new VggStyleCnn(settings.channels(), settings.convsPerStage(), settings.groups());
    Model model =
        Model.of(
            cnn.build(norm, (int) shape[0], (int) shape[1], train.labelWidth(), settings.seed()));
    Adam optimizer = new Adam(settings.lr());
    optimizer.setup(model);
    SerialIterator iterator =
        SerialIterator.builder(train).batchSize(batch).seed(settings.seed()).build();
    Trainer trainer =
        new Trainer(
            new StandardUpdater(iterator, optimizer),
            IntervalTrigger.epochs(settings.epochs()),
            outDir.resolve("runs").resolve(norm.label() + "-" + batch));
    trainer.extend(new ProgressBar());
    long start = System.nanoTime();
    trainer.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    Evaluator.Result t = Scores.of(model, test);
    out.printf(
        "# %-20s batch %4d: test accuracy %.4f, loss %.4f, %.1f s%n",
        norm.label(), batch, t.accuracy(), t.loss(), seconds);
    return new Run(
        norm.label(), batch, trainer.getUpdater().getIteration(), t.loss(), t.accuracy(), seconds);
  }

  private void write(List<Run> runs, Path outDir) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("experiment", "proxy-norm (seed 004)");
    json.put("settings", settings);
    json.put("runs", runs);
    Results.writeJson(outDir.resolve("proxy_norm.json"), json);
    List<List<?>> rows = new ArrayList<>();
    for (Run r : runs) {
      rows.add(
          List.of(
              r.normalization(),
              r.batchSize(),
              r.iterations(),
              r.testAccuracy(),
              r.testLoss(),
              r.seconds()));
    }
    Results.writeCsv(
        outDir.resolve("proxy_norm.csv"),
        List.of(
            "normalization", "batch_size", "iterations", "test_accuracy", "test_loss", "seconds"),
        rows);
    Map<String, Plots.Series> accuracy = new LinkedHashMap<>();
    for (Normalization norm : VARIANTS) {
      List<Run> mine = runs.stream().filter(r -> r.normalization().equals(norm.label())).toList();
      accuracy.put(
          norm.label(),
          new Plots.Series(
              mine.stream().mapToDouble(Run::batchSize).toArray(),
              mine.stream().mapToDouble(Run::testAccuracy).toArray()));
    }
    Plots.lines(
        outDir.resolve("proxy_norm_accuracy.png"),
        "Test accuracy vs batch size",
        "batch size",
        "accuracy",
        accuracy,
        true);
  }
}
