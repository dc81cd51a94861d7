package org.trainer4j.samples.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG line charts for sample results (XChart, rendered headless). */
public final class Plots {

  private Plots() {}

  /** One named series: x and y values of equal length. */
  public record Series(double[] x, double[] y) {}

  /**
   * {@code series} followed by a horizontal line at {@code target} (named {@code target 0.90}) from
   * 0 to the largest last x of any series, for curves that race to a target.
   */
  public static Map<String, Series> withTarget(Map<String, Series> series, double target) {
    double end = 0;
    for (Series s : series.values()) {
      end = Math.max(end, s.x().length == 0 ? 0 : s.x()[s.x().length - 1]);
    }
    Map<String, Series> all = new LinkedHashMap<>(series);
    all.put(
        String.format(Locale.ROOT, "target %.2f", target),
        new Series(new double[] {0, end}, new double[] {target, target}));
    return all;
  }

  /**
   * Draws {@code series} as lines into {@code png}.
   *
   * @param logX whether the x axis is logarithmic (batch sizes)
   */
  public static void lines(
      Path png,
      String title,
      String xLabel,
      String yLabel,
      Map<String, Series> series,
      boolean logX)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(540)
            .title(title)
            .xAxisTitle(xLabel)
            .yAxisTitle(yLabel)
            .build();
    chart.getStyler().setXAxisLogarithmic(logX);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    for (Map.Entry<String, Series> e : series.entrySet()) {
      if (e.getValue().x().length == 0) {
        continue;
      }
      chart
          .addSeries(e.getKey(), e.getValue().x(), e.getValue().y())
          .setMarker(e.getValue().x().length <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }
    Files.createDirectories(png.toAbsolutePath().getParent());
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
