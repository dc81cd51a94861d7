package org.trainer4j.extensions.report;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.trainer4j.model.Model;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Priority;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * Chainer's ParameterStatistics: reports mean, standard deviation, min, max, the count of zeros and
 * the percentiles at -3..3 sigma of every parameter array ({@code 0_W}, {@code 1_gamma}, ...) and
 * of its gradient, as {@code main/0_W/data/mean}, {@code main/0_W/grad/percentile/3}, ... The
 * gradient is DL4J's gradient view after the last step, which its updater has turned into the
 * applied update (learning rate and momentum included).
 */
public final class ParameterStatistics implements Extension {

  /** Percentile ranks of -3, -2, -1, 0, 1, 2, 3 standard deviations of a normal distribution. */
  static final double[] PERCENTILES = {0.13, 2.28, 15.87, 50, 84.13, 97.72, 99.87};

  private final Model target;
  private final String prefix;
  private final boolean reportParams;
  private final boolean reportGrads;

  private ParameterStatistics(Model target, String prefix, boolean params, boolean grads) {
    Preconditions.checkArgument(
        prefix != null && !prefix.isEmpty(), "prefix must not be empty: '%s'", prefix);
    Preconditions.checkArgument(params || grads, "report parameters, gradients or both");
    this.target = target;
    this.prefix = prefix;
    this.reportParams = params;
    this.reportGrads = grads;
  }

  /** Statistics of the main model's parameters and gradients under {@code main/}. */
  public ParameterStatistics() {
    this(null, "main", true, true);
  }

  /** Statistics of {@code target} (null: the main model) under {@code prefix}. */
  public static ParameterStatistics of(
      Model target, String prefix, boolean reportParams, boolean reportGrads) {
    return new ParameterStatistics(target, prefix, reportParams, reportGrads);
  }

  @Override
  public Trigger defaultTrigger() {
    return IntervalTrigger.epochs(1);
  }

  @Override
  public int defaultPriority() {
    return Priority.WRITER;
  }

  @Override
  public void call(Trainer trainer) {
    Model model = target != null ? target : trainer.getUpdater().getOptimizer().getModel();
    statistics(model).forEach(trainer.getReporter()::report);
  }

  /** The statistics of {@code model} now, keyed as they are reported. */
  public Map<String, Double> statistics(Model model) {
    Map<String, Double> out = new LinkedHashMap<>();
    INDArray grads = reportGrads ? model.gradients() : null;
    long offset = 0;
    for (Map.Entry<String, INDArray> e : model.paramTable().entrySet()) {
      long length = e.getValue().length();
      if (reportParams) {
        describe(e.getValue(), prefix + "/" + e.getKey() + "/data", out);
      }
      // The flat gradient has the flat parameter vector's layout: the same arrays, in this order.
      if (grads != null && offset + length <= grads.length()) {
        INDArray slice =
            grads.reshape(grads.length()).get(NDArrayIndex.interval(offset, offset + length));
        describe(slice, prefix + "/" + e.getKey() + "/grad", out);
      }
      offset += length;
    }
    return out;
  }

  static void describe(INDArray array, String key, Map<String, Double> out) {
    double[] v = array.dup().castTo(DataType.DOUBLE).data().asDouble();
    if (v.length == 0) {
      return;
    }
    double sum = 0;
    long zeros = 0;
    for (double x : v) {
      sum += x;
      zeros += x == 0 ? 1 : 0;
    }
    double mean = sum / v.length;
    double squares = 0;
    for (double x : v) {
      squares += (x - mean) * (x - mean);
    }
    Arrays.sort(v);
    out.put(key + "/mean", mean);
    out.put(key + "/std", Math.sqrt(squares / v.length));
    out.put(key + "/min", v[0]);
    out.put(key + "/max", v[v.length - 1]);
    out.put(key + "/zeros", (double) zeros);
    for (int i = 0; i < PERCENTILES.length; i++) {
      out.put(key + "/percentile/" + i, percentile(v, PERCENTILES[i]));
    }
  }

  /** Linear interpolation between the closest ranks, as numpy's default. */
  static double percentile(double[] sorted, double p) {
    double rank = p / 100 * (sorted.length - 1);
    int lower = (int) Math.floor(rank);
    int upper = Math.min(lower + 1, sorted.length - 1);
    return sorted[lower] + (rank - lower) * (sorted[upper] - sorted[lower]);
  }
}
