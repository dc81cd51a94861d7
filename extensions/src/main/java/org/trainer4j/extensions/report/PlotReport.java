package org.trainer4j.extensions.report;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.trainer4j.extensions.util.OutputFiles;
import org.trainer4j.serialization.AtomicFiles;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * Chainer's PlotReport: a PNG line plot of chosen observation keys against {@code epoch} or {@code
 * iteration}, each point the mean over one trigger interval (one epoch by default), redrawn
 * (atomically) whenever a point is added. The points are part of the snapshot, so a resumed run
 * continues the same curves. Renders headless with XChart.
 */
public final class PlotReport implements Extension {

  private final List<String> keys;
  private final String xKey;
  private final Trigger trigger;
  private final String filename;
  private final int width;
  private final int height;
  private final Summary summary = new Summary();
  private final Map<String, List<double[]>> points = new LinkedHashMap<>();

  private PlotReport(Builder b) {
    this.keys = List.copyOf(b.keys);
    this.xKey = b.xKey;
    this.trigger = b.trigger != null ? b.trigger : IntervalTrigger.epochs(1);
    this.filename = b.filename;
    this.width = b.width;
    this.height = b.height;
    keys.forEach(k -> points.put(k, new ArrayList<>()));
  }

  /** A plot of {@code keys} against epochs, one point per epoch, into {@code plot.png}. */
  public static PlotReport of(String... keys) {
    return builder(keys).build();
  }

  public static Builder builder(String... keys) {
    return new Builder(List.of(keys));
  }

  /** The plotted points of {@code key} as {@code {x, y}} pairs, oldest first. */
  public List<double[]> points(String key) {
    List<double[]> p = points.get(key);
    Preconditions.checkArgument(p != null, "'%s' is not plotted; plotted keys: %s", key, keys);
    List<double[]> copy = new ArrayList<>();
    p.forEach(xy -> copy.add(xy.clone()));
    return copy;
  }

  /** The PNG file in {@code outDir}. */
  public Path plotFile(Path outDir) {
    return outDir.resolve(filename);
  }

  @Override
  public void initialize(Trainer trainer) {
    // XChart draws with AWT; without a display it must not try to open one.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    OutputFiles.checkWritableFile(plotFile(trainer.getOutDir()), "plot file");
  }

  @Override
  public void call(Trainer trainer) {
    summary.add(trainer.getObservation(), keys);
    if (!trigger.test(trainer)) {
      return;
    }
    double x =
        LogReport.ITERATION.equals(xKey)
            ? trainer.getUpdater().getIteration()
            : trainer.getUpdater().getEpochDetail();
    summary.means().forEach((k, mean) -> points.get(k).add(new double[] {x, mean}));
    summary.reset();
    render(plotFile(trainer.getOutDir()));
  }

  /** Draws the current points into {@code file}; does nothing while there is no finite point. */
  public void render(Path file) {
    XYChart chart =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title(String.join(", ", keys))
            .xAxisTitle(xKey)
            .build();
    boolean any = false;
    for (Map.Entry<String, List<double[]>> e : points.entrySet()) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (double[] xy : e.getValue()) {
        if (Double.isFinite(xy[1])) {
          xs.add(xy[0]);
          ys.add(xy[1]);
        }
      }
      if (!xs.isEmpty()) {
        chart.addSeries(e.getKey(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
        any = true;
      }
    }
    if (!any) {
      return;
    }
    try {
      AtomicFiles.write(
          file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the plot " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void serialize(Serializer s) {
    trigger.serialize(s.child("trigger"));
    summary.serialize(s.child("summary"));
    Serializer series = s.child("points");
    for (int i = 0; i < keys.size(); i++) {
      List<double[]> p = points.get(keys.get(i));
      Serializer one = series.child(Integer.toString(i));
      String key = one.serializeString("key", keys.get(i));
      double[] xs = one.serializeDoubleArray("x", p.stream().mapToDouble(xy -> xy[0]).toArray());
      double[] ys = one.serializeDoubleArray("y", p.stream().mapToDouble(xy -> xy[1]).toArray());
      if (s.isLoading()) {
        Preconditions.checkState(
            keys.get(i).equals(key),
            "state at %s plots '%s' where this PlotReport plots '%s'",
            one.path(),
            key,
            keys.get(i));
        Preconditions.checkState(
            xs != null && ys != null && xs.length == ys.length,
            "state at %s has x and y of different lengths",
            one.path());
        p.clear();
        for (int k = 0; k < xs.length; k++) {
          p.add(new double[] {xs[k], ys[k]});
        }
      }
    }
  }

  /** Configures a {@link PlotReport}. */
  public static final class Builder {
    static final int MAX_SIDE = 16384;
    static final long MAX_PIXELS = 8192L * 8192;

    private final List<String> keys;
    private String xKey = LogReport.EPOCH;
    private Trigger trigger;
    private String filename = "plot.png";
    private int width = 640;
    private int height = 480;

    private Builder(List<String> keys) {
      Preconditions.checkArgument(!keys.isEmpty(), "PlotReport needs at least one key");
      this.keys = keys;
    }

    /** The x axis: {@code "epoch"} (default) or {@code "iteration"}. */
    public Builder xKey(String xKey) {
      Preconditions.checkArgument(
          LogReport.EPOCH.equals(xKey) || LogReport.ITERATION.equals(xKey),
          "xKey must be 'epoch' or 'iteration': '%s'",
          xKey);
      this.xKey = xKey;
      return this;
    }

    /** When a point is added (default: every epoch); a trigger instance of its own. */
    public Builder trigger(Trigger trigger) {
      this.trigger = Preconditions.checkNotNull(trigger, "trigger");
      return this;
    }

    /** The PNG's file name in the output directory (default {@code plot.png}). */
    public Builder filename(String filename) {
      Preconditions.checkArgument(
          filename != null && !filename.isEmpty() && !filename.contains("/"),
          "filename must be a plain file name: '%s'",
          filename);
      this.filename = filename;
      return this;
    }

    /**
     * The PNG's size in pixels (default 640x480): at most {@value #MAX_SIDE} a side and {@value
     * #MAX_PIXELS} pixels in all, since the image is drawn in memory at 4 bytes a pixel (a larger
     * one would run out of heap at the first plot, mid-training).
     */
    public Builder size(int width, int height) {
      Preconditions.checkArgument(
          width > 0 && height > 0, "size must be positive: %sx%s", width, height);
      Preconditions.checkArgument(
          width <= MAX_SIDE, "width must be at most %s: %s", MAX_SIDE, width);
      Preconditions.checkArgument(
          height <= MAX_SIDE, "height must be at most %s: %s", MAX_SIDE, height);
      Preconditions.checkArgument(
          (long) width * height <= MAX_PIXELS,
          "width * height must be at most %s pixels (256 MiB drawn): %sx%s",
          MAX_PIXELS,
          width,
          height);
      this.width = width;
      this.height = height;
      return this;
    }

    public PlotReport build() {
      return new PlotReport(this);
    }
  }
}
