package org.trainer4j.extensions.minibatch.goodput;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.serialization.AtomicFiles;

/**
 * The history of a goodput run as {@code goodput.json} (one entry per estimate: when, the size and
 * learning-rate factor chosen, the noise scale with its standard error, efficiency and goodput) and
 * {@code goodput_vs_batch.png}: the goodput curve of every estimate against the batch size, with
 * the chosen size marked, so the drift of the optimum during training shows.
 */
public final class GoodputFiles {

  private static final Logger log = LoggerFactory.getLogger(GoodputFiles.class);

  public static final String JSON = "goodput.json";
  public static final String PLOT = "goodput_vs_batch.png";

  /** Points per curve, spaced geometrically. */
  private static final int CURVE_POINTS = 60;

  private GoodputFiles() {}

  /** Writes both files into {@code dir}; a failure is logged, never thrown into training. */
  public static void write(List<GoodputEstimate> history, Path dir) {
    try {
      Files.createDirectories(dir);
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      AtomicFiles.write(
          dir.resolve(JSON),
          mapper.writeValueAsString(toJson(history)).getBytes(StandardCharsets.UTF_8));
      BitmapEncoder.saveBitmap(
          plot(history),
          dir.resolve("goodput_vs_batch").toString(),
          BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException | RuntimeException | LinkageError | java.awt.AWTError e) {
      // A missing font or a full disk must not stop training over a report.
      log.warn("could not write the goodput history into {}: {}", dir, e.toString());
    }
  }

  /** The history as JSON-ready maps. */
  public static List<Map<String, Object>> toJson(List<GoodputEstimate> history) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (GoodputEstimate e : history) {
      GoodputModel.Point p = e.chosen();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("iteration", e.iteration());
      m.put("epoch", e.epoch());
      m.put("reference_size", e.referenceSize());
      m.put("batch_size", e.batchSize());
      m.put("lr_factor", e.lrFactor());
      m.put("noise_scale", finite(e.noiseScale()));
      m.put("noise_scale_error", finite(e.noiseScaleError()));
      m.put("gradient_squared", e.gradientSquared());
      m.put("trace", e.trace());
      m.put("step_fixed_seconds", e.fixedSeconds());
      m.put("step_per_example_seconds", e.perExampleSeconds());
      m.put("critical_batch_factor", e.criticalBatchFactor());
      m.put("efficiency", finite(p.efficiency()));
      m.put("goodput", finite(p.goodput()));
      m.put("max_batch_size", e.maxBatchSize());
      out.add(m);
    }
    return out;
  }

  /** Goodput against the batch size, one curve per estimate and its chosen size marked. */
  static XYChart plot(List<GoodputEstimate> history) {
    XYChart chart =
        new XYChartBuilder()
            .width(640)
            .height(420)
            .title("goodput vs batch size")
            .xAxisTitle("minibatch size")
            .yAxisTitle("goodput [examples/s at the initial size's efficiency]")
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    for (GoodputEstimate e : history) {
      GoodputModel model = e.model();
      int[] sizes = geometric(Math.max(1, e.referenceSize() / 8), e.maxBatchSize());
      double[] x = new double[sizes.length];
      double[] y = new double[sizes.length];
      for (int i = 0; i < sizes.length; i++) {
        x[i] = sizes[i];
        y[i] = model.goodput(sizes[i]);
      }
      String name = String.format("epoch %d (B_noise %.0f)", e.epoch(), e.noiseScale());
      XYSeries curve = chart.addSeries(name + " #" + chart.getSeriesMap().size(), x, y);
      curve.setMarker(SeriesMarkers.NONE);
      XYSeries pick =
          chart.addSeries(
              "pick " + e.batchSize() + " #" + chart.getSeriesMap().size(),
              new double[] {e.batchSize()},
              new double[] {model.goodput(e.batchSize())});
      pick.setMarker(SeriesMarkers.CIRCLE);
      pick.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    }
    return chart;
  }

  private static int[] geometric(int from, int to) {
    int hi = Math.max(from + 1, to);
    int[] out = new int[CURVE_POINTS];
    for (int i = 0; i < CURVE_POINTS; i++) {
      out[i] = (int) Math.round(from * Math.pow((double) hi / from, i / (CURVE_POINTS - 1.0)));
    }
    return out;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
