package org.trainer4j.samples.tuning;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.datasets.SubsetDataset;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.samples.common.Plots;
import org.trainer4j.samples.common.Results;
import org.trainer4j.samples.common.Scores;
import org.trainer4j.samples.tuning.TimeToAccuracy.Contender;
import org.trainer4j.samples.tuning.TimeToAccuracy.Job;
import org.trainer4j.samples.tuning.TimeToAccuracy.Outcome;

/**
 * The time-to-accuracy benchmark of one workload: every contender trains once per seed, in an order
 * shuffled per seed so that a change of the machine's load falls on all of them; per contender the
 * median seconds to the target with the min-max over seeds and the median final test accuracy. The
 * oracle is the best of a grid of fixed sizes chosen before any contender runs; the goodput ratio
 * divides the adaptive goodput contender's median by the oracle's.
 */
public final class TimeToAccuracyBenchmark {

  /** The contender the final ratio is about, fixed before anything runs. */
  public static final String GOODPUT = "goodput-adaptive";

  private TimeToAccuracyBenchmark() {}

  /**
   * The contenders: fixed initial size unscaled, the three existing strategies, goodput one-shot
   * and adaptive (all with {@code rule}), and the grid of fixed sizes with {@code rule}.
   */
  public static List<Contender> contenders(
      int initial, TimeToAccuracy.Kind[] searches, List<Integer> grid, LrRuleChoice rules) {
    List<Contender> out = new ArrayList<>();
    out.add(new Contender("fixed-" + initial, TimeToAccuracy.Kind.FIXED, initial, LrRule.NONE));
    for (TimeToAccuracy.Kind kind : searches) {
      out.add(
          new Contender(
              kind.label(), kind, initial, kind.isGoodput() ? rules.goodput() : rules.others()));
    }
    for (int b : grid) {
      out.add(new Contender("grid-" + b, TimeToAccuracy.Kind.FIXED, b, rules.grid()));
    }
    return out;
  }

  /**
   * {@code contenders} and, for each existing strategy among them, one more contender per rule of
   * {@code rules} that it does not already use, named {@code <strategy>-<rule>}: to find each
   * strategy's best rule on the same seeds.
   */
  public static List<Contender> withRules(List<Contender> contenders, List<LrRule> rules) {
    return withRules(contenders, rules, TimeToAccuracy.Kind::isExistingStrategy);
  }

  /**
   * {@code contenders} and, for each goodput contender among them, one more per rule of {@code
   * rules} that it does not already use ({@code goodput-adaptive-adascale}): the goodput rule is
   * measured as the existing strategies' are, on the same seeds.
   */
  public static List<Contender> withGoodputRules(List<Contender> contenders, List<LrRule> rules) {
    return withRules(contenders, rules, TimeToAccuracy.Kind::isGoodput);
  }

  private static List<Contender> withRules(
      List<Contender> contenders, List<LrRule> rules, Predicate<TimeToAccuracy.Kind> which) {
    List<Contender> out = new ArrayList<>(contenders);
    for (Contender c : contenders) {
      if (!which.test(c.kind())) {
        continue;
      }
      for (LrRule rule : rules) {
        if (rule != c.rule()) {
          out.add(
              new Contender(
                  c.name() + "-" + rule.name().toLowerCase(Locale.ROOT),
                  c.kind(),
                  c.batchSize(),
                  rule));
        }
      }
    }
    return out;
  }

  /**
   * The learning-rate rules: of the goodput contenders, of the other strategies and of the grid.
   */
  public record LrRuleChoice(LrRule goodput, LrRule others, LrRule grid) {}

  /**
   * Frees what the previous contender left before the next one starts, so every contender starts
   * from the same memory: ND4J's off-heap buffers are released only when the heap's garbage
   * collector finds their owners, and one JVM that had trained 13 contenders without this held 7.1
   * GB resident, which the next search's memory ceiling counted against it (it capped goodput at
   * 64). The work the collection starts goes on after this returns: {@link #run} waits it out
   * ({@link ProcessSettle}) before a contender's clock starts.
   */
  static void releaseMemory() {
    Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    System.gc();
    Pointer.deallocateReferences();
  }

  /** Steps of the warm-up at each size. */
  static final int WARM_UP_STEPS = 20;

  /**
   * Trains a throwaway model of the job for {@link #WARM_UP_STEPS} steps at the smallest and the
   * largest contender size and evaluates it, before any contender runs, and returns the seconds it
   * took. Otherwise the first contender of a JVM pays the JVM's start (JIT compilation, ND4J's
   * native set-up), and as the order is shuffled by the seed, the same contender pays it in every
   * run: adaptive goodput on seed 2 of the full-data MLP, whose first validation came 3.7 s after
   * grid-256's on an identical trajectory.
   */
  static double warmUp(Job job, List<Contender> contenders, long seed) {
    long start = System.nanoTime();
    Model model = job.model().apply(seed);
    new Adam(job.lr()).setup(model);
    Random random = new Random(seed);
    int smallest = contenders.stream().mapToInt(Contender::batchSize).min().orElseThrow();
    int largest = contenders.stream().mapToInt(Contender::batchSize).max().orElseThrow();
    for (int size : new int[] {smallest, largest}) {
      int b = Math.min(size, job.train().size());
      for (int i = 0; i < WARM_UP_STEPS; i++) {
        model.fit(job.train().get(random.ints(b, 0, job.train().size()).toArray()));
      }
    }
    Scores.of(model, SubsetDataset.first(job.train(), Math.min(1000, job.train().size())));
    releaseMemory();
    return (System.nanoTime() - start) / 1e9;
  }

  /** Runs every contender on every seed, interleaved; returns the workload's summary. */
  public static Map<String, Object> run(
      String workload,
      Job job,
      List<Contender> contenders,
      List<Long> seeds,
      Path out,
      PrintStream log) {
    Preconditions.checkArgument(seeds.size() >= 1, "seeds must not be empty");
    List<Outcome> outcomes = new ArrayList<>();
    log.printf("%s warm-up: %.1f s%n", workload, warmUp(job, contenders, seeds.get(0)));
    ProcessSettle settle = ProcessSettle.ofThisProcess();
    for (long seed : seeds) {
      List<Contender> order = new ArrayList<>(contenders);
      Collections.shuffle(order, new Random(seed));
      for (Contender c : order) {
        releaseMemory();
        ProcessSettle.Result quiet = settle.await();
        if (!quiet.settled()) {
          log.printf(
              Locale.ROOT,
              "%s seed %d %s: the process was still busy after %.1f s of waiting; starting"
                  + " anyway%n",
              workload,
              seed,
              c.name(),
              quiet.seconds());
        }
        Outcome o =
            TimeToAccuracy.run(
                job, c, seed, out.resolve("runs").resolve(workload + "-" + c.name() + "-" + seed));
        log.printf(
            Locale.ROOT,
            "%s seed %d %-18s size %5d  to %.2f: %8s s  train %7.1f s  test %.4f  resident %.1f"
                + " GB  settled %.1f s  val %s%n",
            workload,
            seed,
            c.name(),
            o.finalBatchSize(),
            job.target(),
            secondsToTarget(o.secondsToTarget()),
            o.trainSeconds(),
            o.finalTestAccuracy(),
            Pointer.physicalBytes() / 1e9,
            quiet.seconds(),
            o.validation());
        outcomes.add(o);
      }
    }
    plot(out.resolve(workload + "_accuracy_vs_time.png"), workload, job, seeds.get(0), outcomes);
    return TimeToAccuracySummary.of(workload, job, contenders, outcomes, log);
  }

  /** A run's seconds to the target for its line, "never" (as the summary says) when it did not. */
  static String secondsToTarget(double seconds) {
    return Double.isNaN(seconds) ? "never" : String.format(Locale.ROOT, "%.1f", seconds);
  }

  /**
   * Validation accuracy against training seconds (probing included, evaluations excluded) of every
   * contender on the first seed, the target as a horizontal line.
   */
  static void plot(Path png, String workload, Job job, long seed, List<Outcome> outcomes) {
    Map<String, Plots.Series> series = new LinkedHashMap<>();
    for (Outcome o : outcomes) {
      if (o.seed() == seed) {
        double[] x = o.seconds().stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = o.validation().stream().mapToDouble(Double::doubleValue).toArray();
        series.put(o.contender(), new Plots.Series(x, y));
      }
    }
    try {
      Plots.lines(
          png,
          workload + ": validation accuracy vs training seconds (seed " + seed + ")",
          "training seconds (search included, evaluations excluded)",
          "validation accuracy",
          Plots.withTarget(series, job.target()),
          false);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + png, e);
    }
  }

  /** Writes the summaries to {@code out/time_to_accuracy.json}. */
  public static void write(Path out, Map<String, Object> all) throws IOException {
    Results.writeJson(out.resolve("time_to_accuracy.json"), all);
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** A run's seconds to the target, infinite where it never got there (so it ranks last). */
  static double untilTarget(Outcome o) {
    return Double.isNaN(o.secondsToTarget()) ? Double.POSITIVE_INFINITY : o.secondsToTarget();
  }

  static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  static String fmt(Object v) {
    return v == null ? "never" : String.format("%.3g", (Double) v);
  }
}
