package org.trainer4j.samples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.datasets.ImageLayout;
import org.trainer4j.datasets.SubsetDataset;
import org.trainer4j.extensions.minibatch.goodput.GoodputSettings;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.samples.data.FashionMnist;
import org.trainer4j.samples.tuning.TimeToAccuracy;
import org.trainer4j.samples.tuning.TimeToAccuracy.Kind;
import org.trainer4j.samples.tuning.TimeToAccuracyBenchmark;
import org.trainer4j.samples.tuning.TimeToAccuracyMerge;
import org.trainer4j.samples.tuning.TimeToAccuracyWorkloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Time to a target accuracy: the goodput strategy against the others and a grid of sizes. */
@Command(
    name = "time-to-accuracy",
    mixinStandardHelpOptions = true,
    description = {
      "Trains each contender (fixed initial size unscaled, ThroughputMaximize, EpochTimeMinimize,"
          + " GpuUsageMaximize, GoodputMaximize one-shot and adaptive, and a grid of fixed sizes)"
          + " on the same model, data, seeds and epoch budget, interleaved per seed, and measures"
          + " the training seconds (probing included) until validation accuracy first reaches the"
          + " target, and the final test accuracy. Writes time_to_accuracy.json into --out.",
      "Last line: goodput_time_to_target_ratio_to_best=<worst over the workloads of the adaptive"
          + " goodput contender's median over the best grid size's>."
    })
public final class TimeToAccuracyCommand implements Callable<Integer> {

  /** The rules of the strategies and the grid: adascale needs gradient statistics they lack. */
  private static final List<LrRule> STRATEGY_RULES =
      List.of(LrRule.NONE, LrRule.LINEAR, LrRule.SQRT);

  @Spec CommandSpec spec;

  @Option(
      names = "--workloads",
      split = ",",
      defaultValue = "mlp,cnn",
      description = "mlp, cnn; comma-separated (default ${DEFAULT-VALUE}).")
  List<String> workloads;

  @Option(
      names = "--full",
      description = "The installed full Fashion-MNIST instead of the bundled subset.")
  boolean full;

  @Option(
      names = "--out",
      defaultValue = "time-to-accuracy",
      description = "Output directory (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--epochs",
      defaultValue = "3",
      description = "Epoch budget of every run (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--target",
      description = "Validation accuracy to reach (default 0.80 on the subset, 0.90 on --full).")
  Double target;

  @Option(
      names = "--seeds",
      split = ",",
      defaultValue = "1,2",
      description = "Seeds, at least 2 distinct ones (default ${DEFAULT-VALUE}).")
  List<Long> seeds;

  @Option(
      names = "--one-seed-shard",
      description =
          "Allow a single seed: this process is one shard of a run whose seeds go to processes"
              + " started together (one per core), so that the machine's load falls on all;"
              + " medians and intervals come from merging the shards' JSONs.")
  boolean oneSeedShard;

  @Option(
      names = "--grid",
      split = ",",
      defaultValue = "32,64,128,256,512",
      description = "Fixed sizes of the oracle grid (default ${DEFAULT-VALUE}).")
  List<Integer> grid;

  @Option(
      names = "--lr-rule",
      defaultValue = "sqrt",
      description =
          "Learning-rate rule of the existing strategies and the grid: none, linear, sqrt"
              + " (default ${DEFAULT-VALUE}).")
  String lrRule;

  @Option(
      names = "--strategy-lr-rules",
      split = ",",
      description =
          "Also run each existing strategy with each of these rules (none, linear, sqrt), as"
              + " contenders named <strategy>-<rule>; the JSON names each strategy's best rule.")
  List<String> strategyLrRules;

  @Option(
      names = "--goodput-lr-rule",
      defaultValue = "sqrt",
      description =
          "Learning-rate rule of the goodput contenders: none, linear, sqrt, adascale (default"
              + " ${DEFAULT-VALUE}).")
  String goodputLrRule;

  @Option(
      names = "--goodput-lr-rules",
      split = ",",
      description =
          "Also run each goodput contender with each of these rules (none, linear, sqrt,"
              + " adascale), as contenders named <contender>-<rule>; the JSON names goodput's best"
              + " rule beside the strategies'. The last line stays about --goodput-lr-rule's.")
  List<String> goodputLrRules;

  @Option(
      names = "--critical-batch-factor",
      description =
          "The goodput contenders' critical batch size, in measured noise scales (default 4, as"
              + " train's; 1: Pollux's model as published).")
  Double criticalBatchFactor;

  @Option(
      names = "--train-examples",
      defaultValue = "0",
      description = "Use only the first N training examples (0: all).")
  int trainExamples;

  @Option(
      names = "--evals-per-epoch",
      defaultValue = "4",
      description =
          "Validations per epoch, at equal fractions of it (default ${DEFAULT-VALUE}): the"
              + " resolution of the time to the target.")
  int evalsPerEpoch;

  @Option(
      names = "--replicas",
      defaultValue = "1",
      description =
          "Train every contender with a ParallelUpdater of this many replicas, one ND4J thread"
              + " each (default ${DEFAULT-VALUE}: one model); sizes must divide by it.")
  int replicas;

  @Option(
      names = "--search-cap",
      defaultValue = "30",
      description = "Most seconds per search (default ${DEFAULT-VALUE}).")
  double searchCap;

  @Option(
      names = "--only",
      split = ",",
      description =
          "Run only these contenders (names as in the table, e.g. goodput,grid-128); the oracle is"
              + " then the best grid size among them.")
  List<String> only;

  @Option(
      names = "--merge",
      split = ",",
      description =
          "Instead of running: join these shards' time_to_accuracy.json files (see"
              + " --one-seed-shard) into one summary, plot and last line in --out; with --target,"
              + " the time to that target read from the recorded validation curves.")
  List<Path> merge;

  @Option(names = "--quick", description = "Structure check: MLP, 600 examples, 1 epoch, 2 sizes.")
  boolean quick;

  @Override
  public Integer call() throws Exception {
    if (target != null && !(target > 0 && target <= 1)) {
      throw new ParameterException(
          spec.commandLine(), "--target must be an accuracy in (0, 1], got " + target);
    }
    if (merge != null && !merge.isEmpty()) {
      OptionChecks.outputDirectory(spec, "--out", out);
      // --target with --merge: the time to another target, read from the recorded curves.
      Map<String, Object> merged =
          TimeToAccuracyMerge.merge(merge, target == null ? Double.NaN : target, out, System.out);
      TimeToAccuracyBenchmark.write(out, merged);
      printRatio(worstRatio(merged.values()));
      return 0;
    }
    checkRunOptions();
    LrRule others = LrRuleOptions.one(spec, "--lr-rule", lrRule, STRATEGY_RULES);
    LrRule goodput =
        LrRuleOptions.one(spec, "--goodput-lr-rule", goodputLrRule, List.of(LrRule.values()));
    List<String> names = quick ? List.of("mlp") : workloads;
    int e = quick ? 1 : epochs;
    List<Integer> sizes = sizes();
    // Built before any data is read, so that a bad --only or rule list is refused first.
    List<TimeToAccuracy.Contender> base =
        TimeToAccuracyBenchmark.contenders(
            32,
            new Kind[] {
              Kind.THROUGHPUT,
              Kind.EPOCH_TIME,
              Kind.GPU_USAGE,
              Kind.GOODPUT,
              Kind.GOODPUT_ADAPTIVE,
              Kind.GOODPUT_ADAPTIVE_ADAM,
              Kind.GOODPUT_EXPLORE
            },
            sizes,
            new TimeToAccuracyBenchmark.LrRuleChoice(goodput, others, others));
    List<TimeToAccuracy.Contender> contenders =
        selected(
            TimeToAccuracyBenchmark.withGoodputRules(
                TimeToAccuracyBenchmark.withRules(
                    base,
                    LrRuleOptions.each(
                        spec, "--strategy-lr-rules", strategyLrRules, STRATEGY_RULES)),
                LrRuleOptions.each(
                    spec, "--goodput-lr-rules", goodputLrRules, List.of(LrRule.values()))));
    OptionChecks.outputDirectory(spec, "--out", out);
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("machine", Runtime.getRuntime().availableProcessors() + " cores visible");
    all.put("seeds", seeds);
    List<Object> summaries = new ArrayList<>();
    for (String name : names) {
      ImageLayout layout = name.equals("cnn") ? ImageLayout.CHANNELS_FIRST : ImageLayout.FLAT;
      FashionMnist fm = full ? FashionMnist.load(layout) : FashionMnist.bundledSubset(layout);
      Dataset train = fm.train();
      Dataset test = fm.test();
      int limit = quick ? 600 : trainExamples;
      if (limit > 0 && limit < train.size()) {
        train = SubsetDataset.first(train, limit);
      }
      if (quick) {
        test = SubsetDataset.first(test, 300);
      }
      double t = target != null ? target : quick ? 0.5 : full ? 0.90 : 0.80;
      System.out.printf(
          "%s: %s, %d training examples, target %.2f, %d epochs%n",
          name, fm.source(), train.size(), t, e);
      TimeToAccuracy.Job job =
          new TimeToAccuracy.Job(
              TimeToAccuracyWorkloads.model(name),
              train,
              test,
              32,
              0.001,
              0.85,
              e,
              t,
              searchCap,
              evalsPerEpoch,
              replicas,
              criticalBatchFactor != null
                  ? criticalBatchFactor
                  : GoodputSettings.DEFAULT.criticalBatchFactor());
      Map<String, Object> summary =
          TimeToAccuracyBenchmark.run(name, job, contenders, seeds, out, System.out);
      summary.put("data", fm.source());
      all.put(name, summary);
      summaries.add(summary);
    }
    TimeToAccuracyBenchmark.write(out, all);
    printRatio(worstRatio(summaries));
    return 0;
  }

  /** The checks of a run's numbers and names (not --merge's), made before any data is read. */
  private void checkRunOptions() {
    OptionChecks.atLeast(spec, "--epochs", epochs, 1);
    OptionChecks.atLeast(spec, "--train-examples", trainExamples, 0);
    OptionChecks.atLeast(spec, "--evals-per-epoch", evalsPerEpoch, 1);
    OptionChecks.positive(spec, "--search-cap", searchCap);
    if (criticalBatchFactor != null) {
      OptionChecks.positive(spec, "--critical-batch-factor", criticalBatchFactor);
    }
    for (int b : grid) {
      OptionChecks.atLeast(spec, "--grid", b, 1);
    }
    OptionChecks.namesFrom(spec, "--workloads", workloads, TimeToAccuracyWorkloads.NAMES, false);
    int distinct = new HashSet<>(seeds).size();
    if (distinct < 2 && !quick && !oneSeedShard) {
      throw new ParameterException(
          spec.commandLine(),
          "--seeds needs at least 2 distinct seeds, got "
              + seeds
              + " (or --one-seed-shard, to run one seed per process and merge the JSONs)");
    }
    if (distinct < seeds.size()) {
      throw new ParameterException(
          spec.commandLine(),
          "--seeds repeats a seed, got "
              + seeds
              + " (a repeated seed's runs share directories and count twice in the medians)");
    }
    if (replicas < 1) {
      throw new ParameterException(spec.commandLine(), "--replicas must be positive: " + replicas);
    }
    for (int b : concat(32, sizes())) {
      if (b % replicas != 0) {
        throw new ParameterException(
            spec.commandLine(),
            String.format(
                "--replicas %d does not divide the size %d (the initial size 32 and every --grid"
                    + " size must split evenly across the replicas)",
                replicas, b));
      }
    }
  }

  /** The fixed sizes of the grid: --quick's two, else --grid. */
  private List<Integer> sizes() {
    return quick ? List.of(32, 64) : grid;
  }

  /**
   * The worst goodput ratio over the workloads; infinite where goodput never reached the target,
   * undefined (NaN) where no grid size did (there is no oracle to compare with) or where the
   * goodput contender did not run ({@code --only} left it out: it printed Infinity, "never
   * reached").
   */
  static double worstRatio(Collection<Object> summaries) {
    double worst = Double.NaN;
    for (Object o : summaries) {
      if (Boolean.FALSE.equals(((Map<?, ?>) o).get("oracle_reached_target"))
          || !ranGoodput((Map<?, ?>) o)) {
        return Double.NaN;
      }
      Object ratio = ((Map<?, ?>) o).get("goodput_time_to_target_ratio_to_best");
      double r = ratio == null ? Double.POSITIVE_INFINITY : (Double) ratio;
      worst = Double.isNaN(worst) ? r : Math.max(worst, r);
    }
    return worst;
  }

  private static boolean ranGoodput(Map<?, ?> summary) {
    return summary.get("contenders") instanceof List<?> rows
        && rows.stream()
            .anyMatch(
                r -> TimeToAccuracyBenchmark.GOODPUT.equals(((Map<?, ?>) r).get("contender")));
  }

  private static void printRatio(double worst) {
    System.out.println(
        "goodput_time_to_target_ratio_to_best=" + String.format(Locale.ROOT, "%.4f", worst));
  }

  private List<TimeToAccuracy.Contender> selected(List<TimeToAccuracy.Contender> all) {
    if (only == null || only.isEmpty()) {
      return all;
    }
    List<TimeToAccuracy.Contender> kept =
        all.stream().filter(c -> only.contains(c.name())).toList();
    List<String> names = all.stream().map(TimeToAccuracy.Contender::name).toList();
    for (String name : only) {
      if (!names.contains(name)) {
        throw new ParameterException(
            spec.commandLine(), "--only: no contender '" + name + "'; there are " + names);
      }
    }
    return kept;
  }

  private static List<Integer> concat(int first, List<Integer> rest) {
    List<Integer> all = new ArrayList<>(rest);
    all.add(0, first);
    return all;
  }
}
