package org.trainer4j.extensions.report;

import com.google.common.base.Preconditions;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Priority;
import org.trainer4j.training.Trainer;

/**
 * Chainer's PrintReport: prints chosen keys of a {@link LogReport}'s entries as a table with
 * aligned columns, the header once per process and one line per new entry. How many entries were
 * printed is part of the snapshot, so a resumed run does not print old entries again.
 */
public final class PrintReport implements Extension {

  private static final int MIN_WIDTH = 12;

  private final List<String> keys;
  private final String logReportName;
  private final PrintStream out;
  private LogReport logReport;
  private long printed;
  private boolean headerPrinted;

  private PrintReport(List<String> keys, String logReportName, PrintStream out) {
    Preconditions.checkNotNull(keys, "keys");
    Preconditions.checkArgument(!keys.isEmpty(), "PrintReport needs at least one key");
    this.keys = List.copyOf(keys);
    this.logReportName = Preconditions.checkNotNull(logReportName, "logReportName");
    this.out = Preconditions.checkNotNull(out, "out");
  }

  /** Prints {@code keys} of the extension named {@code LogReport} to standard output. */
  public static PrintReport of(String... keys) {
    return new PrintReport(List.of(keys), "LogReport", System.out);
  }

  /** Prints {@code keys} of the LogReport registered as {@code logReportName} to {@code out}. */
  public static PrintReport of(List<String> keys, String logReportName, PrintStream out) {
    return new PrintReport(keys, logReportName, out);
  }

  /** Runs after the other readers, so that an entry made in this iteration prints at once. */
  @Override
  public int defaultPriority() {
    return Priority.READER - 1;
  }

  /** Finds the LogReport, so that a missing one fails before the first iteration. */
  @Override
  public void initialize(Trainer trainer) {
    var ext = trainer.getExtension(logReportName);
    Preconditions.checkState(
        ext instanceof LogReport,
        "PrintReport needs a LogReport named '%s', found %s",
        logReportName,
        ext.getClass().getSimpleName());
    logReport = (LogReport) ext;
  }

  @Override
  public void call(Trainer trainer) {
    if (logReport == null) {
      initialize(trainer);
    }
    List<Map<String, Double>> log = logReport.getLog();
    for (int i = (int) printed; i < log.size(); i++) {
      if (!headerPrinted) {
        out.println(header());
        headerPrinted = true;
      }
      out.println(line(log.get(i)));
    }
    printed = log.size();
    out.flush();
  }

  /** Prints entries made after this report's last call in the final iteration. */
  @Override
  public void finish(Trainer trainer) {
    if (logReport != null) {
      call(trainer);
    }
  }

  /** The column titles, each padded to its column's width. */
  public String header() {
    StringBuilder sb = new StringBuilder();
    for (String key : keys) {
      sb.append(pad(key, width(key)));
    }
    return sb.toString().stripTrailing();
  }

  /** One table row for {@code entry}; a key the entry lacks leaves its column blank. */
  public String line(Map<String, Double> entry) {
    StringBuilder sb = new StringBuilder();
    for (String key : keys) {
      Double v = entry.get(key);
      sb.append(pad(v == null ? "" : format(v), width(key)));
    }
    return sb.toString().stripTrailing();
  }

  /** Like Python's {@code '{:g}'}: six significant digits without trailing zeros. */
  static String format(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e6) {
      return Long.toString((long) v);
    }
    String g = String.format(Locale.ROOT, "%.6g", v);
    int e = g.indexOf('e');
    String mantissa = e < 0 ? g : g.substring(0, e);
    String exponent = e < 0 ? "" : g.substring(e);
    if (mantissa.contains(".")) {
      mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return mantissa + exponent;
  }

  private static int width(String key) {
    return Math.max(key.length(), MIN_WIDTH);
  }

  private static String pad(String s, int width) {
    return String.format(Locale.ROOT, "%-" + width + "s", s) + "  ";
  }

  @Override
  public void serialize(Serializer s) {
    printed = s.serializeLong("printed", printed);
  }
}
