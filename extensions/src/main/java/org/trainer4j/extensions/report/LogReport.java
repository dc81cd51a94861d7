package org.trainer4j.extensions.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.trainer4j.extensions.util.OutputFiles;
import org.trainer4j.extensions.util.StateMaps;
import org.trainer4j.serialization.AtomicFiles;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * Chainer's LogReport: averages the observations of every iteration over its own trigger (one epoch
 * by default), adds {@code epoch}, {@code iteration} and {@code elapsed_time}, and rewrites the
 * whole log as a JSON list in the output directory (atomically) each time an entry is added. The
 * log and the running averages are part of the snapshot, so a resumed run continues the same log
 * without repeating an entry.
 */
public final class LogReport implements Extension {

  /** Keys every entry gets besides the averaged observations. */
  public static final String EPOCH = "epoch";

  public static final String ITERATION = "iteration";
  public static final String ELAPSED_TIME = "elapsed_time";

  private static final Set<String> INTEGER_KEYS = Set.of(EPOCH, ITERATION);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> keys;
  private final Trigger trigger;
  private final String filename;
  private final Summary summary = new Summary();
  private List<Map<String, Double>> log = new ArrayList<>();

  private LogReport(Builder b) {
    this.keys = b.keys == null ? null : List.copyOf(b.keys);
    this.trigger = b.trigger != null ? b.trigger : IntervalTrigger.epochs(1);
    this.filename = b.filename;
  }

  /** A log of every observed key, one entry per epoch, written to {@code log}. */
  public LogReport() {
    this(builder());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The entries so far, oldest first; each maps keys to values (unmodifiable). */
  public List<Map<String, Double>> getLog() {
    List<Map<String, Double>> copy = new ArrayList<>(log.size());
    for (Map<String, Double> entry : log) {
      copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(entry)));
    }
    return Collections.unmodifiableList(copy);
  }

  /** The file the log is written to in {@code outDir}, or null if it is kept in memory only. */
  public Path logFile(Path outDir) {
    return filename == null ? null : outDir.resolve(filename);
  }

  @Override
  public void initialize(Trainer trainer) {
    if (filename != null) {
      OutputFiles.checkWritableFile(logFile(trainer.getOutDir()), "log file");
    }
  }

  @Override
  public void call(Trainer trainer) {
    summary.add(trainer.getObservation(), keys);
    if (!trigger.test(trainer)) {
      return;
    }
    Map<String, Double> entry = summary.means();
    entry.put(EPOCH, (double) trainer.getUpdater().getEpoch());
    entry.put(ITERATION, (double) trainer.getUpdater().getIteration());
    entry.put(ELAPSED_TIME, trainer.getElapsedTime());
    log.add(entry);
    summary.reset();
    if (filename != null) {
      write(logFile(trainer.getOutDir()));
    }
  }

  /** The log as JSON: a list of objects; epoch and iteration as integers, NaN as "NaN". */
  public String toJson() {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (Map<String, Double> entry : log) {
      ObjectNode node = array.addObject();
      entry.forEach(
          (k, v) -> {
            if (INTEGER_KEYS.contains(k) && v == Math.rint(v)) {
              node.put(k, v.longValue());
            } else if (Double.isFinite(v)) {
              node.put(k, v);
            } else {
              node.put(k, v.toString());
            }
          });
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A log file as {@link #toJson()} wrote it, read back (to compare finished runs, or to follow a
   * running one): the entries in order, each key's value as a double.
   *
   * @throws IOException if the file cannot be read (the exception names it)
   * @throws IllegalArgumentException naming the file, and the entry and key at fault, when the
   *     content is not such a log
   */
  public static List<Map<String, Double>> read(Path file) throws IOException {
    Preconditions.checkNotNull(file, "file");
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + " is not a JSON log: " + e.getOriginalMessage(), e);
    }
    Preconditions.checkArgument(
        root != null && root.isArray(), "%s is not a log: expected a JSON list of entries", file);
    List<Map<String, Double>> entries = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      JsonNode node = root.get(i);
      Preconditions.checkArgument(node.isObject(), "%s: entry %s is not an object", file, i);
      Map<String, Double> entry = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        entry.put(field.getKey(), value(file, i, field.getKey(), field.getValue()));
      }
      entries.add(entry);
    }
    return entries;
  }

  private static double value(Path file, int entry, String key, JsonNode value) {
    if (value.isNumber()) {
      return value.doubleValue();
    }
    String text = value.isTextual() ? value.textValue() : "";
    // toJson writes the non-finite values as Java spells them.
    if (text.equals("NaN") || text.equals("Infinity") || text.equals("-Infinity")) {
      return Double.parseDouble(text);
    }
    throw new IllegalArgumentException(
        String.format("%s: entry %d, key %s: %s is not a number", file, entry, key, value));
  }

  private void write(Path file) {
    try {
      AtomicFiles.write(file, toJson().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("log not written: " + e.getMessage(), e); // names the file
    }
  }

  @Override
  public void serialize(Serializer s) {
    trigger.serialize(s.child("trigger"));
    summary.serialize(s.child("summary"));
    log = new ArrayList<>(StateMaps.serializeList(s.child("log"), log));
  }

  /** Configures a {@link LogReport}. */
  public static final class Builder {
    private List<String> keys;
    private Trigger trigger;
    private String filename = "log";

    private Builder() {}

    /** Only these observation keys are logged (default: every key observed). */
    public Builder keys(String... keys) {
      Preconditions.checkNotNull(keys, "keys");
      this.keys = List.of(keys);
      return this;
    }

    /** When an entry is made (default: every epoch); a trigger instance of its own. */
    public Builder trigger(Trigger trigger) {
      this.trigger = Preconditions.checkNotNull(trigger, "trigger");
      return this;
    }

    /** The file name in the output directory (default {@code log}); null keeps it in memory. */
    public Builder filename(String filename) {
      Preconditions.checkArgument(
          filename == null || (!filename.isEmpty() && !filename.contains("/")),
          "filename must be a plain file name: '%s'",
          filename);
      this.filename = filename;
      return this;
    }

    public LogReport build() {
      return new LogReport(this);
    }
  }
}
