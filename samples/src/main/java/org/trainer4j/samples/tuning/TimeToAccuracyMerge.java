package org.trainer4j.samples.tuning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.samples.tuning.TimeToAccuracy.Contender;
import org.trainer4j.samples.tuning.TimeToAccuracy.Job;
import org.trainer4j.samples.tuning.TimeToAccuracy.Kind;
import org.trainer4j.samples.tuning.TimeToAccuracy.Outcome;

/**
 * Joins the {@code time_to_accuracy.json} files of the shards of one run (each shard one process
 * with one seed, or a subset of the contenders, started side by side so that the machine's load
 * falls on all) and summarizes them as one run: the same medians, oracle, ratios and plot as if one
 * process had run every contender on every seed.
 */
public final class TimeToAccuracyMerge {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What makes shards one experiment: runs that differ in any of these measured something else, so
   * their times cannot share a median.
   */
  private static final List<String> SAME_IN_EVERY_SHARD =
      List.of(
          "target",
          "epochs",
          "evals_per_epoch",
          "initial_batch_size",
          "train_examples",
          "lr",
          "lr_decay",
          "replicas",
          "critical_batch_factor");

  private TimeToAccuracyMerge() {}

  /**
   * The merged summaries by workload (the job's settings from the first shard that has the
   * workload); writes the accuracy-vs-time plot of each workload's first seed into {@code out}.
   *
   * @throws IllegalArgumentException naming the file whose settings differ from the first's
   */
  public static Map<String, Object> merge(List<Path> files, Path out, PrintStream log)
      throws IOException {
    return merge(files, Double.NaN, out, log);
  }

  /**
   * As {@link #merge(List, Path, PrintStream)}, with the time to {@code target} (unless NaN) read
   * from each run's recorded validation curve instead of the target the runs were made for: a
   * question asked after the runs, to be reported as such.
   */
  public static Map<String, Object> merge(
      List<Path> files, double target, Path out, PrintStream log) throws IOException {
    Preconditions.checkArgument(!files.isEmpty(), "no shard files to merge");
    Map<String, JsonNode> settings = new LinkedHashMap<>();
    Map<String, List<Contender>> contenders = new LinkedHashMap<>();
    Map<String, List<Outcome>> outcomes = new LinkedHashMap<>();
    // Where each (workload, contender, seed) came from: a run merged twice would count twice.
    Map<String, Path> seen = new LinkedHashMap<>();
    for (Path file : files) {
      JsonNode root = JSON.readTree(Files.readAllBytes(file));
      for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
        String workload = names.next();
        JsonNode summary = root.get(workload);
        if (!summary.isObject() || !summary.has("contenders")) {
          continue;
        }
        JsonNode first = settings.putIfAbsent(workload, summary);
        if (first != null) {
          for (String key : SAME_IN_EVERY_SHARD) {
            Preconditions.checkArgument(
                setting(first, key).equals(setting(summary, key)),
                "%s: %s %s differs from the first shard's %s",
                file,
                key,
                setting(summary, key),
                setting(first, key));
          }
        }
        List<Contender> known = contenders.computeIfAbsent(workload, w -> new ArrayList<>());
        for (JsonNode c : summary.get("contenders")) {
          String name = c.get("contender").asText();
          if (known.stream().noneMatch(k -> k.name().equals(name))) {
            known.add(contender(c, summary.get("initial_batch_size").asInt()));
          }
          for (JsonNode run : c.get("runs")) {
            Outcome o = JSON.treeToValue(run, Outcome.class);
            Path before = seen.putIfAbsent(workload + " " + name + " seed " + o.seed(), file);
            Preconditions.checkArgument(
                before == null,
                "%s: %s %s seed %s is in %s too: merge each seed's run once",
                file,
                workload,
                name,
                o.seed(),
                before);
            outcomes
                .computeIfAbsent(workload, w -> new ArrayList<>())
                .add(Double.isNaN(target) ? o : retargeted(o, target));
          }
        }
      }
    }
    Map<String, Object> merged = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : settings.entrySet()) {
      String workload = e.getKey();
      Job job = job(e.getValue(), target);
      List<Outcome> runs = outcomes.getOrDefault(workload, List.of());
      long seed = runs.stream().mapToLong(Outcome::seed).min().orElse(0);
      TimeToAccuracyBenchmark.plot(
          out.resolve(workload + "_accuracy_vs_time.png"), workload, job, seed, runs);
      Map<String, Object> summary =
          TimeToAccuracySummary.of(workload, job, contenders.get(workload), runs, log);
      summary.put("train_examples", e.getValue().get("train_examples").asInt());
      summary.put("test_examples", e.getValue().get("test_examples").asInt());
      summary.put("merged_from", files.stream().map(Path::toString).toList());
      merged.put(workload, summary);
    }
    return merged;
  }

  private static Contender contender(JsonNode c, int initialBatchSize) {
    String name = c.get("contender").asText();
    Kind kind = Kind.valueOf(c.get("kind").asText());
    int size =
        kind == Kind.FIXED
            ? Integer.parseInt(name.substring(name.indexOf('-') + 1))
            : initialBatchSize;
    return new Contender(name, kind, size, LrRule.valueOf(c.get("lr_rule").asText()));
  }

  /** {@code o} with the seconds at which its validation accuracy first reached {@code target}. */
  static Outcome retargeted(Outcome o, double target) {
    double reached = Double.NaN;
    for (int i = 0; i < o.validation().size(); i++) {
      if (o.validation().get(i) >= target) {
        reached = o.seconds().get(i);
        break;
      }
    }
    return new Outcome(
        o.contender(),
        o.seed(),
        reached,
        o.trainSeconds(),
        o.finalBatchSize(),
        o.finalTestAccuracy(),
        o.validation(),
        o.seconds());
  }

  /**
   * A shard's setting as text; a shard written before {@code replicas} was recorded trained one
   * model. One written before the critical batch factor was recorded cannot say which it used (the
   * default changed from 1 to 4 before it was), so it merges only with shards as silent.
   */
  private static String setting(JsonNode summary, String key) {
    JsonNode value = summary.get(key);
    if (value == null && "replicas".equals(key)) {
      return "1";
    }
    if ((value == null || value.isNull()) && "critical_batch_factor".equals(key)) {
      return "unrecorded";
    }
    return String.valueOf(value);
  }

  private static Job job(JsonNode s, double target) {
    return new Job(
        null,
        null,
        null,
        s.get("initial_batch_size").asInt(),
        s.get("lr").asDouble(),
        s.get("lr_decay").asDouble(),
        s.get("epochs").asInt(),
        Double.isNaN(target) ? s.get("target").asDouble() : target,
        Double.NaN,
        s.get("evals_per_epoch").asInt(),
        s.has("replicas") ? s.get("replicas").asInt() : 1,
        s.hasNonNull("critical_batch_factor")
            ? s.get("critical_batch_factor").asDouble()
            : Double.NaN);
  }
}
