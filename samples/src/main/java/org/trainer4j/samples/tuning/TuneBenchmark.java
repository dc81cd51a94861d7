package org.trainer4j.samples.tuning;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.extensions.minibatch.EpochTimeMinimize;
import org.trainer4j.extensions.minibatch.GpuUsageMaximize;
import org.trainer4j.extensions.minibatch.MinibatchSizeOptimizer;
import org.trainer4j.extensions.minibatch.MinibatchSizeStrategy;
import org.trainer4j.extensions.minibatch.SearchResult;
import org.trainer4j.extensions.minibatch.ThroughputMaximize;
import org.trainer4j.extensions.monitor.DeviceMonitors;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.MomentumSGD;
import org.trainer4j.samples.common.Results;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.StandardUpdater;
import oshi.SystemInfo;

/**
 * The minibatch-size benchmark: for each workload, an oracle sweep of the epoch time over a grid of
 * sizes, then each strategy from the same initial size through {@link MinibatchSizeOptimizer}, then
 * a referee round that measures every chosen size and the best grid sizes again with the oracle's
 * method. Reports, in the seed paper's form, loops, initial and chosen size, probing seconds,
 * probing as a fraction of the best epoch, and the chosen size's epoch time relative to the best.
 */
public final class TuneBenchmark {

  /** What to run; see {@code TuneCommand} for the meaning of each option. */
  public record Settings(
      List<String> models,
      String dataset,
      Path dataDir,
      Double width,
      int examples,
      boolean quick,
      List<Integer> grid,
      int initialBatchSize,
      double strategyBudgetSeconds,
      List<String> strategies,
      Path out,
      long seed,
      String commandLine) {}

  /** One (workload, strategy) outcome. */
  public record Row(
      String workload,
      String strategy,
      int loops,
      int initial,
      int chosen,
      double probeSeconds,
      double probeFractionOfEpoch,
      double epochTimeRatioToBest,
      double improvementOverInitial,
      String stopReason,
      double chosenEpochSeconds,
      double bestEpochSeconds,
      int bestBatchSize) {}

  private final Settings settings;
  private final PrintStream out;
  private final List<Row> rows = new ArrayList<>();
  private final List<Map<String, Object>> workloads = new ArrayList<>();

  public TuneBenchmark(Settings settings, PrintStream out) {
    this.settings = Preconditions.checkNotNull(settings, "settings");
    this.out = Preconditions.checkNotNull(out, "out");
  }

  /** Runs every workload and strategy; returns the rows (also written to the output directory). */
  public List<Row> run() {
    out.printf(
        "tune: %s mode, strategies %s, initial size %d, strategy budget %.0f s; %s%n",
        settings.quick() ? "quick" : "full",
        settings.strategies(),
        settings.initialBatchSize(),
        settings.strategyBudgetSeconds(),
        machine());
    for (String model : settings.models()) {
      runWorkload(workload(model));
      write();
    }
    out.println();
    out.print(table());
    write();
    return List.copyOf(rows);
  }

  /** The worst ThroughputMaximize ratio to the best epoch time, NaN if it did not run. */
  public double worstThroughputMaximizeRatio() {
    return rows.stream()
        .filter(r -> r.strategy().equals("ThroughputMaximize"))
        .mapToDouble(Row::epochTimeRatioToBest)
        .max()
        .orElse(Double.NaN);
  }

  private TuneWorkload workload(String model) {
    boolean images = !model.equals("mlp");
    String datasetName =
        settings.dataset() != null
            ? settings.dataset()
            : images ? (settings.dataDir() != null ? "cifar10" : "synthetic") : "fashion-mnist";
    Dataset data =
        TuneData.load(
            datasetName, settings.dataDir(), images, settings.examples(), settings.seed());
    int classes = data.labelWidth();
    long seed = settings.seed();
    String notes = data.describe();
    int imageSize = images ? (int) data.exampleShape()[1] : 0;
    return switch (model) {
      case "mlp" -> {
        double w = width(1.0, 1.0);
        yield new TuneWorkload(
            "mlp-" + datasetName + "-w" + w,
            () -> TuneModels.mlp(784, classes, w, seed),
            data,
            notes);
      }
      case "vgg" -> {
        double w = width(0.125, 0.125);
        yield new TuneWorkload(
            "vgg-" + datasetName + "-w" + w, () -> TuneModels.vgg(classes, w, seed), data, notes);
      }
      case "resnet" -> {
        double w = width(0.25, 0.25);
        int blocks = settings.quick() ? 1 : 2;
        yield new TuneWorkload(
            "resnet" + (6 * blocks + 2) + "-" + datasetName + "-w" + w,
            () -> TuneModels.resnet(classes, w, blocks, seed),
            data,
            notes);
      }
      case "vgg16" -> {
        double w = width(0.0625, 0.125);
        yield new TuneWorkload(
            "vgg16-" + datasetName + "-w" + w,
            () -> PaperModels.vgg16(classes, imageSize, w, seed),
            data,
            notes);
      }
      case "resnet50" -> {
        double w = width(0.0625, 0.125);
        yield new TuneWorkload(
            "resnet50-" + datasetName + "-w" + w,
            () -> PaperModels.resnet50(classes, imageSize, w, seed),
            data,
            notes);
      }
      default ->
          throw new IllegalArgumentException(
              "unknown model '" + model + "'; use mlp, vgg, resnet, vgg16 or resnet50");
    };
  }

  private double width(double quick, double full) {
    return settings.width() != null ? settings.width() : settings.quick() ? quick : full;
  }

  private List<Integer> grid(boolean mlp) {
    if (settings.grid() != null && !settings.grid().isEmpty()) {
      return settings.grid();
    }
    List<Integer> g =
        settings.quick()
            ? new ArrayList<>(List.of(8, 16, 32, 64, 128, 256, 512))
            : new ArrayList<>(List.of(8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512));
    if (mlp) {
      g.addAll(settings.quick() ? List.of(1024, 2048) : List.of(768, 1024, 1536, 2048));
    }
    return g;
  }

  private void runWorkload(TuneWorkload w) {
    boolean mlp = w.name().startsWith("mlp");
    List<Integer> grid = grid(mlp);
    int maxBatch = grid.stream().mapToInt(Integer::intValue).max().orElseThrow();
    out.printf("%n== %s: %d examples per epoch; %s%n", w.name(), w.data().size(), w.notes());
    EpochTimeOracle oracle =
        settings.quick() ? new EpochTimeOracle(w, 1, 3, 0.3) : new EpochTimeOracle(w, 2, 5, 1.0);
    for (int b : grid) {
      double t = oracle.measure(b);
      out.printf(Locale.ROOT, "  oracle  batch %5d  epoch %9.2f s%n", b, t);
    }
    out.printf(
        Locale.ROOT,
        "  oracle best: batch %d, %.2f s per epoch (sweep took %.1f s)%n",
        oracle.bestBatchSize(),
        oracle.bestEpochSeconds(),
        oracle.seconds());
    List<SearchResult> results = new ArrayList<>();
    for (String name : settings.strategies()) {
      SearchResult r = search(w, strategy(name), maxBatch);
      results.add(r);
      out.printf(
          Locale.ROOT,
          "  %-18s %3d loops  %d -> %d  %.1f s probing  (%s: %s)%n",
          r.strategy(),
          r.loops(),
          r.initialBatchSize(),
          r.chosenBatchSize(),
          r.probeSeconds(),
          r.stopReason(),
          r.detail());
    }
    refereeRound(oracle, results);
    double best = oracle.bestEpochSeconds();
    for (SearchResult r : results) {
      double chosen = oracle.epochSeconds(r.chosenBatchSize());
      rows.add(
          new Row(
              w.name(),
              r.strategy(),
              r.loops(),
              r.initialBatchSize(),
              r.chosenBatchSize(),
              r.probeSeconds(),
              r.probeSeconds() / best,
              chosen / best,
              1 - chosen / oracle.epochSeconds(r.initialBatchSize()),
              r.stopReason().name(),
              chosen,
              best,
              oracle.bestBatchSize()));
    }
    Map<String, Object> wl = new LinkedHashMap<>();
    wl.put("workload", w.name());
    wl.put("data", w.notes());
    wl.put("examples_per_epoch", w.data().size());
    wl.put("oracle_grid", gridJson(oracle));
    wl.put("best_batch_size", oracle.bestBatchSize());
    wl.put("best_epoch_seconds", best);
    wl.put("oracle_seconds", oracle.seconds());
    workloads.add(wl);
  }

  /** Measures chosen sizes and the three best grid sizes once more, keeping each one's minimum. */
  private void refereeRound(EpochTimeOracle oracle, List<SearchResult> results) {
    Set<Integer> sizes = new LinkedHashSet<>();
    results.forEach(r -> sizes.add(r.chosenBatchSize()));
    // The initial size too: the paper's "improvement" column is measured against it.
    results.forEach(r -> sizes.add(r.initialBatchSize()));
    oracle.grid().entrySet().stream()
        .sorted(Map.Entry.comparingByValue())
        .limit(3)
        .forEach(e -> sizes.add(e.getKey()));
    for (int b : sizes) {
      oracle.measure(b);
    }
  }

  private SearchResult search(TuneWorkload w, MinibatchSizeStrategy strategy, int maxBatch) {
    Model model = w.model().get();
    MomentumSGD optimizer = new MomentumSGD(1e-3, 0.9);
    optimizer.setup(model);
    SerialIterator iterator =
        SerialIterator.builder(w.data()).batchSize(settings.initialBatchSize()).seed(2).build();
    StandardUpdater updater = new StandardUpdater(iterator, optimizer);
    Path dir = settings.out().resolve(w.name()).resolve(strategy.name());
    Trainer trainer = new Trainer(updater, IntervalTrigger.iterations(1), dir);
    MinibatchSizeOptimizer ext =
        MinibatchSizeOptimizer.builder(strategy)
            .maxBatchSize(maxBatch)
            .budgetSeconds(settings.strategyBudgetSeconds())
            .build();
    ext.call(trainer);
    return ext.result();
  }

  private MinibatchSizeStrategy strategy(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "gum", "gpuusagemaximize" ->
          GpuUsageMaximize.builder(DeviceMonitors.auto())
              .samplingInterval(settings.quick() ? Duration.ofMillis(500) : Duration.ofSeconds(1))
              .build();
      case "etm", "epochtimeminimize" ->
          EpochTimeMinimize.builder().iterationsPerLoop(settings.quick() ? 5 : 20).build();
      case "tm", "throughputmaximize" -> ThroughputMaximize.create();
      default ->
          throw new IllegalArgumentException("unknown strategy '" + name + "'; use gum, etm or tm");
    };
  }

  /** The results table in the seed paper's form. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "| %-28s | %-18s | %5s | %-12s | %9s | %12s | %11s | %11s | %-15s |%n",
            "workload",
            "strategy",
            "loops",
            "init -> bs",
            "probe [s]",
            "probe/epoch",
            "epoch/best",
            "improvement",
            "stop"));
    sb.append(
        "|------------------------------|--------------------|-------|--------------|-----------|"
            + "--------------|-------------|-------------|-----------------|\n");
    for (Row r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %-28s | %-18s | %5d | %-12s | %9.1f | %11.1f%% | %10.3fx | %10.1f%% | %-15s |%n",
              r.workload(),
              r.strategy(),
              r.loops(),
              r.initial() + " -> " + r.chosen(),
              r.probeSeconds(),
              100 * r.probeFractionOfEpoch(),
              r.epochTimeRatioToBest(),
              100 * r.improvementOverInitial(),
              r.stopReason()));
    }
    for (Map<String, Object> w : workloads) {
      sb.append(
          String.format(
              Locale.ROOT,
              "oracle %s: best batch %s, %.2f s per epoch%n",
              w.get("workload"),
              w.get("best_batch_size"),
              (double) w.get("best_epoch_seconds")));
    }
    return sb.toString();
  }

  private static List<Map<String, Object>> gridJson(EpochTimeOracle oracle) {
    List<Map<String, Object>> grid = new ArrayList<>();
    oracle
        .grid()
        .forEach(
            (b, t) -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("batch_size", b);
              m.put("epoch_seconds", t);
              grid.add(m);
            });
    return grid;
  }

  private void write() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("date", ZonedDateTime.now().toString());
    json.put("machine", machine());
    json.put("command", settings.commandLine());
    json.put("quick", settings.quick());
    json.put("workloads", workloads);
    List<Map<String, Object>> results = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("workload", r.workload());
      m.put("strategy", r.strategy());
      m.put("loops", r.loops());
      m.put("initial", r.initial());
      m.put("chosen", r.chosen());
      m.put("probe_seconds", r.probeSeconds());
      m.put("probe_fraction_of_epoch", r.probeFractionOfEpoch());
      m.put("epoch_time_ratio_to_best", r.epochTimeRatioToBest());
      m.put("improvement_over_initial", r.improvementOverInitial());
      m.put("stop_reason", r.stopReason());
      m.put("chosen_epoch_seconds", r.chosenEpochSeconds());
      m.put("best_epoch_seconds", r.bestEpochSeconds());
      m.put("best_batch_size", r.bestBatchSize());
      workloads.stream()
          .filter(w -> w.get("workload").equals(r.workload()))
          .findFirst()
          .ifPresent(w -> m.put("oracle_grid", w.get("oracle_grid")));
      results.add(m);
    }
    json.put("results", results);
    try {
      Results.writeJson(settings.out().resolve("tune_results.json"), json);
      Files.writeString(settings.out().resolve("tune_table.md"), table());
    } catch (IOException e) {
      throw new UncheckedIOException("could not write results into " + settings.out(), e);
    }
  }

  private static String machine() {
    try {
      var cpu = new SystemInfo().getHardware().getProcessor();
      return String.format(
          "%s, %d logical CPUs, ND4J threads %d (OMP_NUM_THREADS=%s), Java %s, %s",
          cpu.getProcessorIdentifier().getName().trim(),
          cpu.getLogicalProcessorCount(),
          Nd4j.getEnvironment().maxThreads(),
          System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
          System.getProperty("java.version"),
          System.getProperty("os.name"));
    } catch (RuntimeException | LinkageError e) {
      return Runtime.getRuntime().availableProcessors() + " CPUs";
    }
  }
}
