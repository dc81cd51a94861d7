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
import org.trainer4j.extensions.minibatch.Budget;
import org.trainer4j.extensions.minibatch.EpochTimeMinimize;
import org.trainer4j.extensions.minibatch.GpuUsageMaximize;
import org.trainer4j.extensions.minibatch.MinibatchSizeOptimizer;
import org.trainer4j.extensions.minibatch.MinibatchSizeStrategy;
import org.trainer4j.extensions.minibatch.ProbeRun;
import org.trainer4j.extensions.minibatch.SearchResult;
import org.trainer4j.extensions.minibatch.SearchResultFiles;
import org.trainer4j.extensions.minibatch.ThroughputMaximize;
import org.trainer4j.extensions.monitor.DeviceMonitors;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.samples.common.Results;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.StandardUpdater;

/**
 * The minibatch-size benchmark. For each workload: every strategy (ours, the paper's, the peers')
 * searches from the same initial size through {@link MinibatchSizeOptimizer}; then the referee
 * times the fixed oracle grid (chosen before any strategy ran) and every pick in the same
 * interleaved rounds, then the picks and the grid sizes within {@link #CONTENTION_MARGIN} of the
 * best in confirming rounds, each in short windows alternating with that best grid size's ({@link
 * Referee#confirm}). The best size is the finalist with the lowest median ratio to it (a grid size
 * only); each pick's ratio to it is a median over the confirming rounds with a distribution-free
 * interval ({@link MedianInterval}), and an interval containing 1.0 is a tie. Probing is reported
 * against the planned training (the trainer's stop trigger) and against one epoch.
 */
public final class TuneBenchmark {

  /**
   * Grid sizes this close to the best after the first rounds are timed again with the picks: a size
   * further off is unlikely to become the best (a median of three passes moved by about a tenth on
   * a noisy day here, where single passes of one size varied 1.2-1.8x), and timing it again (8 and
   * 16 on the MLP: the slowest passes) would double the run.
   */
  static final double CONTENTION_MARGIN = 0.20;

  /** A workload's key for {@link Referee#selfRatio}: median, low, high, coverage. */
  static final String SELF_RATIO = "referee_anchor_against_itself";

  /**
   * The suffix of a workload run under the background load, in names and in {@code --workloads}.
   */
  public static final String LOADED = "+load";

  /** The workload names of {@code --workloads}, each of which may carry {@link #LOADED}. */
  public static final List<String> WORKLOADS = TuneWorkloads.NAMES;

  /** The strategy names of {@code --strategies}, in any case. */
  public static final List<String> STRATEGIES = List.of("tm", "etm", "gum", "peers");

  /** What to run; see {@code TuneCommand} for the meaning of each option. */
  public record Settings(
      List<String> workloads,
      Path fashionMnistDir,
      boolean quick,
      boolean backgroundLoad,
      int initialBatchSize,
      double paperStrategyCapSeconds,
      List<String> strategies,
      int rounds,
      int confirmRounds,
      double passSeconds,
      Path out,
      long seed,
      String commandLine) {}

  /** One (workload, strategy) outcome. */
  public record Row(
      String workload,
      String strategy,
      int initial,
      int chosen,
      int loops,
      String stopReason,
      double probeSeconds,
      double plannedTrainingSeconds,
      double epochSeconds,
      MedianInterval ratio,
      MedianInterval pairedByRound,
      int bestGridSize,
      Map<String, Object> search) {

    /** The upper end of the ratio's interval. */
    public double ratioHigh() {
      return ratio.high();
    }

    /** Whether the interval holds 1.0: the pick cannot be told from the best grid size. */
    public boolean tie() {
      return ratio.contains(1.0);
    }
  }

  private final Settings settings;
  private final PrintStream out;
  private final List<Row> rows = new ArrayList<>();
  private final List<Map<String, Object>> workloads = new ArrayList<>();

  public TuneBenchmark(Settings settings, PrintStream out) {
    this.settings = Preconditions.checkNotNull(settings, "settings");
    this.out = Preconditions.checkNotNull(out, "out");
  }

  /** Runs every workload (and each once more under background load if asked). */
  public List<Row> run() {
    out.printf(
        "tune: %s mode, initial size %d, %d referee rounds (%d more for the picks and the sizes"
            + " close to the best); %s%n",
        settings.quick() ? "quick" : "full",
        settings.initialBatchSize(),
        settings.rounds(),
        settings.confirmRounds(),
        machine());
    TuneWorkloads factory =
        new TuneWorkloads(settings.fashionMnistDir(), settings.quick(), settings.seed());
    TuneWorkloads.Workload w = null;
    String created = null;
    for (TuneRun run : TuneRun.of(settings.workloads(), settings.backgroundLoad())) {
      // A loaded run right after its plain one reuses its data; one workload is held at a time.
      if (!run.workload().equals(created)) {
        w = factory.create(run.workload());
        created = run.workload();
      }
      runWorkload(w, run.loaded());
      write();
    }
    out.println();
    out.print(table());
    write();
    return List.copyOf(rows);
  }

  /** The upper end of ThroughputMaximize's worst ratio interval; NaN if it did not run. */
  public double worstThroughputMaximizeRatio() {
    return worstRatio(rows, "ThroughputMaximize");
  }

  /** The highest upper end of {@code strategy}'s ratio intervals in {@code rows}; NaN if none. */
  static double worstRatio(List<Row> rows, String strategy) {
    return rows.stream()
        .filter(r -> r.strategy().equals(strategy))
        .mapToDouble(Row::ratioHigh)
        .max()
        .orElse(Double.NaN);
  }

  /** The highest upper end of the referee's resolution over the workloads; NaN if none. */
  public double worstSelfRatio() {
    return workloads.stream()
        .filter(w -> w.get(SELF_RATIO) instanceof List<?>)
        .mapToDouble(w -> (double) ((List<?>) w.get(SELF_RATIO)).get(2))
        .max()
        .orElse(Double.NaN);
  }

  private void runWorkload(TuneWorkloads.Workload w, boolean loaded) {
    String name = w.name() + (loaded ? LOADED : "");
    List<Integer> grid = w.grid();
    out.printf(
        "%n== %s: %d examples per epoch, planned %s; grid %s; %s%n",
        name, w.data().size(), w.plannedEpochs() + " epochs", grid, w.data().describe());
    List<SearchResult> results = new ArrayList<>();
    double warmUp = TuneWarmUp.run(w, settings.initialBatchSize(), settings.quick());
    out.printf(Locale.ROOT, "  warm-up: %.1f s%n", warmUp);
    try (BackgroundLoad load = loaded ? BackgroundLoad.standard() : null) {
      for (MinibatchSizeStrategy strategy : strategies()) {
        TimeToAccuracyBenchmark.releaseMemory();
        SearchResult r = search(w, strategy, grid.get(grid.size() - 1));
        results.add(r);
        out.printf(
            Locale.ROOT,
            "  %-18s %3d loops  %d -> %d  %.2f s probing  (%s)%n",
            r.strategy(),
            r.loops(),
            r.initialBatchSize(),
            r.chosenBatchSize(),
            r.probeSeconds(),
            r.stopReason());
      }
      List<Integer> picks = results.stream().map(SearchResult::chosenBatchSize).toList();
      Set<Integer> sizes = new LinkedHashSet<>(grid);
      sizes.addAll(picks);
      Referee referee = referee(w, loaded);
      referee.measure(new ArrayList<>(sizes), settings.rounds(), settings.seed());
      int best =
          referee.confirm(
              grid, picks, CONTENTION_MARGIN, settings.confirmRounds(), settings.seed() + 1);
      double bestEpoch = Referee.median(referee.of(best));
      out.printf(
          Locale.ROOT,
          "  referee: best grid size %d, %.3f s per epoch (%.1f s)%n",
          best,
          bestEpoch,
          referee.seconds());
      // Read once, so the log and the JSON cannot disagree should the bound pass in between.
      boolean loadHeld = loaded && load.held();
      if (loaded && !loadHeld) {
        out.println("  the background load ended before the referee did: partly measured quiet");
      }
      MedianInterval self = referee.selfRatio();
      if (self != null) {
        out.printf(
            Locale.ROOT,
            "  referee resolution: the anchor %d against itself %.3f [%.3f, %.3f]%n",
            referee.anchor(),
            self.median(),
            self.low(),
            self.high());
      }
      for (SearchResult r : results) {
        MedianInterval ratio = referee.ratio(r.chosenBatchSize(), best);
        MedianInterval pairedByRound = referee.roundRatio(r.chosenBatchSize(), best);
        rows.add(
            new Row(
                name,
                r.strategy(),
                r.initialBatchSize(),
                r.chosenBatchSize(),
                r.loops(),
                r.stopReason().name(),
                r.probeSeconds(),
                w.plannedEpochs() * bestEpoch,
                bestEpoch,
                ratio,
                pairedByRound,
                best,
                SearchResultFiles.toJson(r, "none", 1.0)));
      }
      Map<String, Object> wl = new LinkedHashMap<>();
      wl.put("workload", name);
      wl.put("data", w.data().describe());
      wl.put("examples_per_epoch", w.data().size());
      wl.put("planned_epochs", w.plannedEpochs());
      wl.put("background_load", loaded ? BackgroundLoad.describe() : "none");
      if (loaded) {
        wl.put("background_load_held_to_the_end", loadHeld);
      }
      wl.put("warm_up_seconds", warmUp);
      wl.put("oracle_grid", grid);
      List<Map<String, Object>> timings = new ArrayList<>();
      for (int b : sizes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batch_size", b);
        m.put("in_grid", grid.contains(b));
        m.put("epoch_seconds_per_round", referee.of(b));
        m.put("relative_to_anchor_per_confirming_round", referee.toAnchor(b));
        timings.add(m);
      }
      wl.put("referee", timings);
      wl.put("confirming_rounds_anchor", referee.anchor());
      wl.put("best_grid_size", best);
      wl.put("best_epoch_seconds", bestEpoch);
      wl.put("referee_seconds", referee.seconds());
      wl.put("referee_pass_seconds", referee.passSeconds());
      wl.put(
          SELF_RATIO,
          self == null ? null : List.of(self.median(), self.low(), self.high(), self.coverage()));
      wl.put(SELF_RATIO + "_per_round", referee.selfRatios());
      workloads.add(wl);
    }
  }

  private Referee referee(TuneWorkloads.Workload w, boolean loaded) {
    ProbeRun run = w.probeRun(1);
    int warmup = settings.quick() ? 1 : 2;
    int minSteps = settings.quick() ? 3 : 5;
    double minSeconds = settings.passSeconds();
    return loaded
        ? Referee.underLoad(
            run, w.data().size(), warmup, minSteps, minSeconds, BackgroundLoad.periodSeconds())
        : Referee.quiet(run, w.data().size(), warmup, minSteps, minSeconds);
  }

  private SearchResult search(TuneWorkloads.Workload w, MinibatchSizeStrategy strategy, int max) {
    SerialIterator iterator =
        SerialIterator.builder(w.data()).batchSize(settings.initialBatchSize()).seed(2).build();
    Path dir = settings.out().resolve(w.name()).resolve(strategy.name());
    Trainer trainer =
        new Trainer(
            new StandardUpdater(iterator, w.freshOptimizer()),
            IntervalTrigger.epochs(w.plannedEpochs()),
            dir);
    boolean ours = strategy instanceof ThroughputMaximize;
    MinibatchSizeOptimizer ext =
        MinibatchSizeOptimizer.builder(strategy)
            .maxBatchSize(max)
            .budget(ours ? Budget.DEFAULT : new Budget(1.0, 0, settings.paperStrategyCapSeconds()))
            .writeFiles(false)
            .build();
    ext.call(trainer);
    return ext.result();
  }

  private List<MinibatchSizeStrategy> strategies() {
    List<MinibatchSizeStrategy> list = new ArrayList<>();
    for (String s : settings.strategies()) {
      switch (s.toLowerCase(Locale.ROOT)) {
        case "tm" -> list.add(ThroughputMaximize.create());
        case "etm" ->
            list.add(
                EpochTimeMinimize.builder().iterationsPerLoop(settings.quick() ? 5 : 20).build());
        case "gum" ->
            list.add(
                GpuUsageMaximize.builder(DeviceMonitors.auto())
                    .samplingInterval(Duration.ofMillis(250))
                    .build());
        case "peers" -> list.addAll(PeerBaselines.all());
        default ->
            throw new IllegalArgumentException(
                "unknown strategy '" + s + "'; use " + String.join(", ", STRATEGIES));
      }
    }
    return list;
  }

  /** The results table: ratio median [interval] over paired rounds, ties marked. */
  public String table() {
    return TuneTable.of(rows, workloads);
  }

  private void write() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("date", ZonedDateTime.now().toString());
    json.put("machine", machine());
    json.put("command", settings.commandLine());
    json.put("quick", settings.quick());
    json.put("rounds", settings.rounds());
    json.put("confirm_rounds", settings.confirmRounds());
    json.put("pass_seconds", settings.passSeconds());
    json.put("contention_margin", CONTENTION_MARGIN);
    json.put("workloads", workloads);
    List<Map<String, Object>> results = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("workload", r.workload());
      m.put("strategy", r.strategy());
      m.put("initial", r.initial());
      m.put("chosen", r.chosen());
      m.put("loops", r.loops());
      m.put("stop_reason", r.stopReason());
      m.put("probe_seconds", r.probeSeconds());
      m.put("probe_fraction_of_planned_training", r.probeSeconds() / r.plannedTrainingSeconds());
      m.put("probe_fraction_of_epoch", r.probeSeconds() / r.epochSeconds());
      m.put("ratio_to_best", r.ratio().median());
      m.put("ratio_interval", List.of(r.ratio().low(), r.ratio().high()));
      m.put("ratio_interval_coverage", r.ratio().coverage());
      m.put("tie", r.tie());
      // The estimator before the alternating windows, kept to compare (see Referee).
      MedianInterval p = r.pairedByRound();
      m.put("ratio_paired_by_round", List.of(p.median(), p.low(), p.high()));
      m.put("best_grid_size", r.bestGridSize());
      // The whole search (its note and every measurement), so a miss can be traced to its cause.
      m.put("search", r.search());
      results.add(m);
    }
    json.put("results", results);
    json.put("referee_worst_anchor_against_itself", worstSelfRatio());
    json.put("tuner_worst_ratio_to_best", worstThroughputMaximizeRatio());
    try {
      Results.writeJson(settings.out().resolve("tune_results.json"), json);
      Files.writeString(settings.out().resolve("tune_table.md"), table());
    } catch (IOException e) {
      throw new UncheckedIOException("could not write results into " + settings.out(), e);
    }
  }

  private static String machine() {
    return String.format(
        "%d logical CPUs, ND4J threads %d (OMP_NUM_THREADS=%s), Java %s, %s",
        Runtime.getRuntime().availableProcessors(),
        Nd4j.getEnvironment().maxThreads(),
        System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
        System.getProperty("java.version"),
        System.getProperty("os.name"));
  }
}
