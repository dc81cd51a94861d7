package org.trainer4j.extensions.minibatch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PNG plots of a search in the form of the seed paper's figures 4 to 11: mean utilization (with
 * standard-deviation error bars) against the loop and against the batch size, when utilization was
 * sampled; and the epoch-time improvement ratio against the loop and against the batch size.
 */
public final class SearchPlots {

  private static final Logger log = LoggerFactory.getLogger(SearchPlots.class);

  public static final String UTILIZATION_VS_LOOP = "minibatch_utilization_vs_loop.png";
  public static final String UTILIZATION_VS_BATCH = "minibatch_utilization_vs_batch.png";
  public static final String IMPROVEMENT_VS_LOOP = "minibatch_improvement_vs_loop.png";
  public static final String IMPROVEMENT_VS_BATCH = "minibatch_improvement_vs_batch.png";

  private SearchPlots() {}

  /** Writes the plots that the trace has data for into {@code dir}; returns the files written. */
  public static List<Path> write(SearchResult result, Path dir) {
    List<Path> written = new ArrayList<>();
    List<SearchStep> util = new ArrayList<>();
    List<SearchStep> timed = new ArrayList<>();
    for (SearchStep s : result.steps()) {
      if (s.hasUtilization() && Double.isFinite(s.utilization().top50Mean())) {
        util.add(s);
      }
      if (!s.infeasible() && Double.isFinite(s.improvementRatio())) {
        timed.add(s);
      }
    }
    String title = result.strategy();
    if (!util.isEmpty()) {
      save(utilization(title, util, true), dir.resolve(UTILIZATION_VS_LOOP), written);
      save(utilization(title, util, false), dir.resolve(UTILIZATION_VS_BATCH), written);
    }
    if (!timed.isEmpty()) {
      save(improvement(title, timed, true), dir.resolve(IMPROVEMENT_VS_LOOP), written);
      save(improvement(title, timed, false), dir.resolve(IMPROVEMENT_VS_BATCH), written);
    }
    return written;
  }

  private static XYChart utilization(String title, List<SearchStep> steps, boolean byLoop) {
    double[] x = new double[steps.size()];
    double[] y = new double[steps.size()];
    double[] err = new double[steps.size()];
    for (int i = 0; i < x.length; i++) {
      SearchStep s = steps.get(i);
      x[i] = byLoop ? s.loop() : s.batchSize();
      y[i] = s.utilization().top50Mean();
      double sd = s.utilization().stddev();
      err[i] = Double.isFinite(sd) ? sd : 0;
    }
    XYChart chart = chart(title, byLoop, "mean utilization (top 50 %) [%]");
    XYSeries series = chart.addSeries("utilization", x, y, err);
    style(series, byLoop);
    return chart;
  }

  private static XYChart improvement(String title, List<SearchStep> steps, boolean byLoop) {
    double[] x = new double[steps.size()];
    double[] y = new double[steps.size()];
    for (int i = 0; i < x.length; i++) {
      SearchStep s = steps.get(i);
      x[i] = byLoop ? s.loop() : s.batchSize();
      y[i] = 100 * s.improvementRatio();
    }
    XYChart chart = chart(title, byLoop, "epoch-time improvement vs first loop [%]");
    style(chart.addSeries("improvement", x, y), byLoop);
    return chart;
  }

  private static XYChart chart(String title, boolean byLoop, String yTitle) {
    XYChart chart =
        new XYChartBuilder()
            .width(640)
            .height(420)
            .title(title)
            .xAxisTitle(byLoop ? "loop" : "minibatch size")
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setLegendVisible(false);
    return chart;
  }

  private static void style(XYSeries series, boolean byLoop) {
    series.setMarker(SeriesMarkers.CIRCLE);
    if (!byLoop) {
      series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    }
  }

  private static void save(XYChart chart, Path file, List<Path> written) {
    try {
      String name = file.toString();
      BitmapEncoder.saveBitmap(
          chart, name.substring(0, name.length() - 4), BitmapEncoder.BitmapFormat.PNG);
      written.add(file);
    } catch (IOException | RuntimeException | LinkageError | java.awt.AWTError e) {
      // A missing font or display must not fail training over a plot.
      log.warn("could not write plot {}: {}", file, e.toString());
    }
  }
}
