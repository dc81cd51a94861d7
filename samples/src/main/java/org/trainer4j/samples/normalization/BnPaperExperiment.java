package org.trainer4j.samples.normalization;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.datasets.Batch;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.datasets.SubsetDataset;
import org.trainer4j.extensions.report.ProgressBar;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.SGD;
import org.trainer4j.samples.common.Plots;
import org.trainer4j.samples.common.Results;
import org.trainer4j.samples.common.Scores;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.StandardUpdater;

/**
 * Seed 001 (Ioffe and Szegedy, section 4.1): three hidden layers of 100 sigmoid units, batch 60,
 * with and without BatchNorm. Records test accuracy over the steps and the 15th, 50th and 85th
 * percentiles of the input of one sigmoid in the last hidden layer (the paper's Figure 1).
 */
public final class BnPaperExperiment {

  /** Settings; the paper trains 50,000 steps. */
  public record Settings(int steps, int evalEvery, int batchSize, double lr, int unit, long seed) {}

  /** One evaluation point. */
  public record Point(long step, double testAccuracy, double p15, double p50, double p85) {}

  /** One network's curve. */
  public record Run(boolean batchNorm, List<Point> points, double seconds) {}

  private static final int HIDDEN = 100;
  private static final int LAST_HIDDEN = 2;

  private final Settings settings;

  public BnPaperExperiment(Settings settings) {
    this.settings = settings;
  }

  /** Trains both networks and writes JSON, CSV and plots into {@code outDir}. */
  public List<Run> run(Dataset train, Dataset test, Path outDir, PrintStream out)
      throws IOException {
    List<Run> runs =
        List.of(runOne(false, train, test, outDir, out), runOne(true, train, test, outDir, out));
    write(runs, outDir);
    out.println();
    out.printf("%-8s %14s %12s %12s%n", "network", "test accuracy", "p15..p85", "time s");
    for (Run r : runs) {
      Point last = r.points().get(r.points().size() - 1);
      out.printf(
          "%-8s %14.4f %12.3f %12.1f%n",
          r.batchNorm() ? "BN" : "no BN",
          last.testAccuracy(),
          last.p85() - last.p15(),
          r.seconds());
    }
    return runs;
  }

  private Run runOne(boolean bn, Dataset train, Dataset test, Path outDir, PrintStream out) {
    long inputs = 1;
    for (long d : train.exampleShape()) {
      inputs *= d;
    }
    MultiLayerNetwork net =
        DeepMlp.build(
            (int) inputs,
            HIDDEN,
            4,
            bn,
            Activation.SIGMOID,
            0,
            train.labelWidth(),
            settings.seed());
    Model model = Model.of(net);
    SGD optimizer = new SGD(settings.lr());
    optimizer.setup(model);
    SerialIterator iterator =
        SerialIterator.builder(train).batchSize(settings.batchSize()).seed(settings.seed()).build();
    Trainer trainer =
        new Trainer(
            new StandardUpdater(iterator, optimizer),
            IntervalTrigger.iterations(settings.steps()),
            outDir.resolve("runs").resolve(bn ? "bn" : "nobn"));
    Batch probe = test.get(SubsetDataset.first(test, 1000).indices());
    int layer = DeepMlp.activationLayerIndex(LAST_HIDDEN, bn);
    List<Point> points = new ArrayList<>();
    Runnable measure =
        () -> {
          long step = trainer.getUpdater().getIteration();
          double acc = Scores.of(model, test).accuracy();
          // Forward only up to the layer before the sigmoid: DL4J's activation layer may
          // overwrite its input array in place, so the full feedForward list cannot be trusted.
          List<INDArray> acts = net.feedForwardToLayer(layer - 1, probe.features(), false);
          INDArray preActivation = acts.get(acts.size() - 1);
          double[] unit = preActivation.getColumn(settings.unit()).toDoubleVector();
          java.util.Arrays.sort(unit);
          Point p = new Point(step, acc, pct(unit, 15), pct(unit, 50), pct(unit, 85));
          points.add(p);
          out.printf(
              "%s step %6d  test accuracy %.4f  sigmoid input p15 %.3f p50 %.3f p85 %.3f%n",
              bn ? "BN   " : "no BN", step, acc, p.p15(), p.p50(), p.p85());
        };
    measure.run();
    trainer.extend(
        Extensions.of("measure", t -> measure.run()),
        IntervalTrigger.iterations(settings.evalEvery()));
    trainer.extend(new ProgressBar());
    long start = System.nanoTime();
    trainer.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    // The summary and the plots take the last point as the trained network: with steps not a
    // multiple of evalEvery it would be an earlier one (with evalEvery above steps, step 0).
    if (points.get(points.size() - 1).step() != trainer.getUpdater().getIteration()) {
      measure.run();
    }
    return new Run(bn, points, seconds);
  }

  private static double pct(double[] sorted, int p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.round(p / 100.0 * (sorted.length - 1)))];
  }

  private void write(List<Run> runs, Path outDir) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("experiment", "bn-paper (seed 001)");
    json.put("settings", settings);
    json.put("runs", runs);
    Results.writeJson(outDir.resolve("bn_paper.json"), json);
    List<List<?>> rows = new ArrayList<>();
    for (Run r : runs) {
      for (Point p : r.points()) {
        rows.add(List.of(r.batchNorm(), p.step(), p.testAccuracy(), p.p15(), p.p50(), p.p85()));
      }
    }
    Results.writeCsv(
        outDir.resolve("bn_paper.csv"),
        List.of("batch_norm", "step", "test_accuracy", "p15", "p50", "p85"),
        rows);
    Map<String, Plots.Series> accuracy = new LinkedHashMap<>();
    for (Run r : runs) {
      accuracy.put(
          r.batchNorm() ? "with BN" : "without BN",
          new Plots.Series(
              steps(r), r.points().stream().mapToDouble(Point::testAccuracy).toArray()));
    }
    Plots.lines(
        outDir.resolve("bn_paper_accuracy.png"),
        "Test accuracy",
        "step",
        "accuracy",
        accuracy,
        false);
    for (Run r : runs) {
      Map<String, Plots.Series> pct = new LinkedHashMap<>();
      pct.put(
          "15th",
          new Plots.Series(steps(r), r.points().stream().mapToDouble(Point::p15).toArray()));
      pct.put(
          "50th",
          new Plots.Series(steps(r), r.points().stream().mapToDouble(Point::p50).toArray()));
      pct.put(
          "85th",
          new Plots.Series(steps(r), r.points().stream().mapToDouble(Point::p85).toArray()));
      String name = r.batchNorm() ? "bn" : "nobn";
      Plots.lines(
          outDir.resolve("bn_paper_sigmoid_input_" + name + ".png"),
          "Input of one last-layer sigmoid, " + (r.batchNorm() ? "with BN" : "without BN"),
          "step",
          "value",
          pct,
          false);
    }
  }

  private static double[] steps(Run r) {
    return r.points().stream().mapToDouble(Point::step).toArray();
  }
}
