package org.trainer4j.samples.normalization;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.extensions.evaluation.Evaluator;
import org.trainer4j.extensions.report.LogReport;
import org.trainer4j.extensions.report.ProgressBar;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.MomentumSGD;
import org.trainer4j.parallel.Communicator;
import org.trainer4j.parallel.Communicators;
import org.trainer4j.samples.cnn.Normalization;
import org.trainer4j.samples.cnn.VggStyleCnn;
import org.trainer4j.samples.common.Plots;
import org.trainer4j.samples.common.Results;
import org.trainer4j.samples.common.Scores;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Updater;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.DistributedUpdater;
import org.trainer4j.training.updaters.ParallelUpdater;

/**
 * Seed 000: data-parallel training of a VGG-style CNN with BatchNorm after every convolution, with
 * per-replica statistics ("normalBN"), statistics synchronized across replicas ("multi-gpuBN", here
 * {@code SyncBatchNormalization}) and no BN, at several per-replica batch sizes.
 */
public final class MultiDeviceBnExperiment {

  /** Settings; the seed used 4 GPUs, per-device batch 2, 4 and 64, and VGG16 on CIFAR-10. */
  public record Settings(
      int replicas,
      List<Integer> perReplicaBatches,
      double epochs,
      int[] channels,
      int convsPerStage,
      double lr,
      int evaluationsPerEpoch,
      long seed) {}

  /** One (normalization, batch size) run: the log (one entry per evaluation) and totals. */
  public record Run(
      String normalization,
      int perReplicaBatch,
      List<Map<String, Double>> log,
      double testLoss,
      double testAccuracy,
      double seconds) {}

  private static final List<Normalization> VARIANTS =
      List.of(Normalization.BATCH_NORM, Normalization.SYNC_BATCH_NORM, Normalization.NONE);

  private final Settings settings;
  private final Communicator comm;

  /** Replica threads in one process ({@code settings.replicas()}). */
  public MultiDeviceBnExperiment(Settings settings) {
    this(settings, Communicators.single());
  }

  /**
   * With a communicator of several processes (under {@code mpirun}) the members are the processes
   * ({@code DistributedUpdater}) instead of replica threads; rank 0 prints and writes the results.
   */
  public MultiDeviceBnExperiment(Settings settings, Communicator comm) {
    this.settings = settings;
    this.comm = comm;
  }

  private int members() {
    return comm.size() > 1 ? comm.size() : settings.replicas();
  }

  /** Runs every combination and writes JSON, CSV and plots into {@code outDir}. */
  public List<Run> run(Dataset train, Dataset test, Path outDir, PrintStream out)
      throws IOException {
    if (!comm.isRoot()) {
      out = new PrintStream(OutputStream.nullOutputStream());
    }
    List<Run> runs = new ArrayList<>();
    for (int batch : settings.perReplicaBatches()) {
      for (Normalization norm : VARIANTS) {
        runs.add(runOne(norm, batch, train, test, outDir, out));
      }
    }
    if (comm.isRoot()) {
      write(runs, train.size(), outDir);
    }
    out.println();
    out.printf(
        "%d %s; total time and test accuracy (like the seed's Table 2)%n",
        members(), comm.size() > 1 ? "processes" : "replicas");
    out.printf("%-10s %-8s %14s %12s%n", "batch/rep", "norm", "test accuracy", "time s");
    for (Run r : runs) {
      out.printf(
          "%-10d %-8s %14.4f %12.1f%n",
          r.perReplicaBatch(), r.normalization(), r.testAccuracy(), r.seconds());
    }
    return runs;
  }

  private Run runOne(
      Normalization norm, int batch, Dataset train, Dataset test, Path outDir, PrintStream out) {
    long[] shape = train.exampleShape();
    VggStyleCnn cnn = new VggStyleCnn(settings.channels(), settings.convsPerStage(), 4);
    Model model =
        Model.of(
            cnn.build(norm, (int) shape[0], (int) shape[1], train.labelWidth(), settings.seed()));
    MomentumSGD optimizer = new MomentumSGD(settings.lr(), 0.9);
    optimizer.setup(model);
    SerialIterator iterator =
        SerialIterator.builder(train).batchSize(batch * members()).seed(settings.seed()).build();
    Updater updater =
        comm.size() > 1
            ? DistributedUpdater.builder(iterator, optimizer, comm).build()
            : ParallelUpdater.builder(iterator, optimizer).replicas(settings.replicas()).build();
    Trainer trainer =
        new Trainer(
            updater,
            IntervalTrigger.epochs(settings.epochs()),
            outDir.resolve("runs").resolve(norm.label() + "-" + batch));
    double every = 1.0 / settings.evaluationsPerEpoch();
    var logBuilder = LogReport.builder().trigger(IntervalTrigger.epochs(every));
    LogReport log = comm.isRoot() ? logBuilder.build() : logBuilder.filename(null).build();
    trainer.extend(Evaluator.of(Scores.iterator(test)), IntervalTrigger.epochs(every));
    trainer.extend(log);
    if (comm.isRoot()) {
      trainer.extend(new ProgressBar());
    }
    out.printf(
        "# %s, %d %s x batch %d, %s%n",
        norm.label(),
        members(),
        comm.size() > 1 ? "processes" : "replicas",
        batch,
        train.describe());
    long start = System.nanoTime();
    trainer.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    Evaluator.Result t = Scores.of(model, test);
    out.printf("# test accuracy %.4f, loss %.4f, %.1f s%n", t.accuracy(), t.loss(), seconds);
    return new Run(norm.label(), batch, log.getLog(), t.loss(), t.accuracy(), seconds);
  }

  private void write(List<Run> runs, long trainSize, Path outDir) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("experiment", "multi-device-bn (seed 000)");
    json.put("settings", settings);
    json.put("runs", runs);
    Results.writeJson(outDir.resolve("multi_device_bn.json"), json);
    List<List<?>> rows = new ArrayList<>();
    for (Run r : runs) {
      rows.add(
          List.of(
              r.perReplicaBatch(), r.normalization(), r.testAccuracy(), r.testLoss(), r.seconds()));
    }
    Results.writeCsv(
        outDir.resolve("multi_device_bn.csv"),
        List.of("per_replica_batch", "normalization", "test_accuracy", "test_loss", "seconds"),
        rows);
    for (int batch : settings.perReplicaBatches()) {
      Map<String, Plots.Series> accuracy = new LinkedHashMap<>();
      Map<String, Plots.Series> loss = new LinkedHashMap<>();
      for (Run r : runs) {
        if (r.perReplicaBatch() != batch) {
          continue;
        }
        double perEpoch = (double) trainSize / (r.perReplicaBatch() * members());
        accuracy.put(r.normalization(), series(r.log(), "validation/main/accuracy", perEpoch));
        loss.put(r.normalization(), series(r.log(), "main/loss", perEpoch));
      }
      Plots.lines(
          outDir.resolve("multi_device_bn_accuracy_b" + batch + ".png"),
          "Test accuracy, " + members() + " members x batch " + batch,
          "epoch",
          "accuracy",
          accuracy,
          false);
      Plots.lines(
          outDir.resolve("multi_device_bn_loss_b" + batch + ".png"),
          "Training loss, " + members() + " members x batch " + batch,
          "epoch",
          "loss",
          loss,
          false);
    }
  }

  /**
   * The log's {@code key} against fractional epochs: evaluations come several times an epoch, so
   * the log's whole {@code epoch} would stack them; the iteration count places them exactly.
   */
  static Plots.Series series(List<Map<String, Double>> log, String key, double iterationsPerEpoch) {
    double[] x =
        log.stream()
            .mapToDouble(e -> e.getOrDefault(LogReport.ITERATION, Double.NaN) / iterationsPerEpoch)
            .toArray();
    double[] y = log.stream().mapToDouble(e -> e.getOrDefault(key, Double.NaN)).toArray();
    return new Plots.Series(x, y);
  }
}
