package org.trainer4j.extensions.minibatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.extensions.monitor.UtilizationStats;
import org.trainer4j.serialization.AtomicFiles;

/**
 * Writes a search result as {@code minibatch_search.json} (summary and trace) and {@code
 * minibatch_search.csv} (one row per loop), each written to a temporary file and then moved into
 * place. Non-finite numbers are written as JSON null and empty CSV cells.
 */
public final class SearchResultFiles {

  private static final Logger log = LoggerFactory.getLogger(SearchResultFiles.class);

  public static final String JSON = "minibatch_search.json";
  public static final String CSV = "minibatch_search.csv";

  private static final String[] COLUMNS = {
    "loop",
    "phase",
    "batch_size",
    "iterations",
    "warmup_iterations",
    "seconds",
    "per_example_seconds",
    "epoch_seconds",
    "improvement_ratio",
    "noise",
    "util_samples",
    "util_top50_mean",
    "util_mean",
    "util_stddev",
    "infeasible",
    "note"
  };

  private SearchResultFiles() {}

  /**
   * Writes both files and the trace's plots ({@link SearchPlots}) into {@code dir}, for an
   * extension whose training goes on without them: a failure is logged as a warning, not thrown.
   *
   * @param lrRule the learning-rate rule by name ({@link LrScaling}'s, or a goodput search's, which
   *     include AdaScale)
   */
  public static void writeWithPlots(SearchResult result, String lrRule, double lrFactor, Path dir) {
    try {
      write(result, lrRule, lrFactor, dir);
      SearchPlots.write(result, dir);
    } catch (RuntimeException e) {
      log.warn("could not write the minibatch search results to {}: {}", dir, e.toString());
    }
  }

  /** Writes both files into {@code dir}, with the learning-rate rule by name. */
  public static void write(SearchResult result, String lrRule, double lrFactor, Path dir) {
    try {
      Files.createDirectories(dir);
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      atomicWrite(dir.resolve(JSON), mapper.writeValueAsString(toJson(result, lrRule, lrFactor)));
      atomicWrite(dir.resolve(CSV), toCsv(result));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the search result into " + dir, e);
    }
  }

  /** The summary and trace as a JSON-ready map, with the learning-rate rule by name. */
  public static Map<String, Object> toJson(SearchResult r, String lrRule, double lrFactor) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("strategy", r.strategy());
    m.put("initial_batch_size", r.initialBatchSize());
    m.put("chosen_batch_size", r.chosenBatchSize());
    m.put("succeeded", r.succeeded());
    m.put("stop_reason", r.stopReason().name());
    m.put("detail", r.detail());
    m.put("loops", r.loops());
    m.put("probe_seconds", finite(r.probeSeconds()));
    m.put("dataset_size", r.datasetSize());
    m.put("lr_scaling", lrRule);
    m.put("lr_factor", finite(lrFactor));
    List<Map<String, Object>> steps = new ArrayList<>();
    for (SearchStep s : r.steps()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("loop", s.loop());
      o.put("phase", s.phase());
      o.put("batch_size", s.batchSize());
      o.put("iterations", s.iterations());
      o.put("warmup_iterations", s.warmupIterations());
      o.put("seconds", finite(s.seconds()));
      o.put("per_example_seconds", finite(s.perExampleSeconds()));
      o.put("epoch_seconds", finite(s.epochSeconds()));
      o.put("improvement_ratio", finite(s.improvementRatio()));
      o.put("noise", finite(s.noise()));
      o.put("utilization", s.hasUtilization() ? utilization(s.utilization()) : null);
      o.put("infeasible", s.infeasible());
      o.put("note", s.note());
      steps.add(o);
    }
    m.put("steps", steps);
    return m;
  }

  /** The trace as CSV with a header row. */
  public static String toCsv(SearchResult r) {
    StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (SearchStep s : r.steps()) {
      UtilizationStats u = s.hasUtilization() ? s.utilization() : null;
      Object[] row = {
        s.loop(),
        s.phase(),
        s.batchSize(),
        s.iterations(),
        s.warmupIterations(),
        num(s.seconds()),
        num(s.perExampleSeconds()),
        num(s.epochSeconds()),
        num(s.improvementRatio()),
        num(s.noise()),
        u == null ? 0 : u.count(),
        u == null ? "" : num(u.top50Mean()),
        u == null ? "" : num(u.mean()),
        u == null ? "" : num(u.stddev()),
        s.infeasible(),
        quote(s.note())
      };
      for (int i = 0; i < row.length; i++) {
        sb.append(i == 0 ? "" : ",").append(row[i]);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static Map<String, Object> utilization(UtilizationStats u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", u.count());
    m.put("top50_mean", finite(u.top50Mean()));
    m.put("mean", finite(u.mean()));
    m.put("stddev", finite(u.stddev()));
    m.put("min", finite(u.min()));
    m.put("max", finite(u.max()));
    m.put("device_lost", u.deviceLost());
    return m;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
  }

  private static String quote(String text) {
    if (text.isEmpty()) {
      return "";
    }
    return '"' + text.replace("\"", "\"\"").replace('\n', ' ') + '"';
  }

  private static void atomicWrite(Path target, String content) throws IOException {
    AtomicFiles.write(target, content.getBytes(StandardCharsets.UTF_8));
  }
}
