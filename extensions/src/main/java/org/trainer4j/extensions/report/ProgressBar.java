package org.trainer4j.extensions.report;

import com.google.common.base.Preconditions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.Updater;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.triggers.Unit;

/**
 * Shows training progress: the whole run and the current epoch, iterations per second and the
 * estimated time left. On a terminal it draws a live bar ({@code me.tongfei:progressbar}); when the
 * output is not a terminal (a CI log, a file) it prints a plain line every {@code updateInterval}
 * iterations instead of control characters. The run's length comes from an {@link IntervalTrigger}
 * stop trigger; with another stop trigger, or one beyond 10^15 iterations (a run until stopped,
 * such as {@code iterations(Long.MAX_VALUE)}), only counts and speed are shown, and an ETA beyond
 * 100 years is left out.
 */
public final class ProgressBar implements Extension {

  /** Longer runs are shown as of unknown length: no total, fraction or ETA. */
  static final double MAX_TOTAL = 1e15;

  /** Longer estimates (about 100 years) are left out rather than printed. */
  static final double MAX_ETA_SECONDS = 100 * 365.25 * 24 * 3600;

  private final PrintStream out;
  private final int updateInterval;
  private final Boolean terminal;
  private me.tongfei.progressbar.ProgressBar bar;
  private boolean started;
  private long startIteration;
  private long startNanos;
  private long lastPrinted = -1;

  private ProgressBar(Builder b) {
    this.out = b.out;
    this.updateInterval = b.updateInterval;
    this.terminal = b.terminal;
  }

  /** A progress display on standard error, detecting whether it is a terminal. */
  public ProgressBar() {
    this(builder());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The progress figures at the trainer's current iteration. */
  public record Progress(
      long iteration,
      Long totalIterations,
      double fraction,
      int epoch,
      double epochFraction,
      double iterationsPerSecond,
      Duration eta) {

    /** One plain-text status line. */
    public String line() {
      StringBuilder sb = new StringBuilder("iteration ").append(iteration);
      if (totalIterations != null) {
        sb.append('/').append(totalIterations);
        sb.append(String.format(Locale.ROOT, " (%.1f%%)", 100 * fraction));
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "  epoch %d (%.1f%% of epoch)  %.2f it/s",
              epoch,
              100 * epochFraction,
              iterationsPerSecond));
      if (eta != null) {
        sb.append("  ETA ").append(formatDuration(eta));
      }
      return sb.toString();
    }
  }

  @Override
  public void call(Trainer trainer) {
    if (!started) {
      start(trainer);
    }
    Progress p = progress(trainer);
    if (bar != null) {
      if (p.totalIterations() != null) {
        bar.maxHint(p.totalIterations());
      }
      bar.stepTo(p.iteration());
      bar.setExtraMessage(
          String.format(Locale.ROOT, "epoch %d %.0f%%", p.epoch(), 100 * p.epochFraction()));
    } else if (p.iteration() % updateInterval == 0) {
      print(p);
    }
  }

  @Override
  public void finish(Trainer trainer) {
    if (bar != null) {
      bar.close();
      bar = null;
    } else if (started) {
      Progress p = progress(trainer);
      if (p.iteration() != lastPrinted) {
        print(p);
      }
    }
  }

  /** Progress of {@code trainer} now, speed and ETA measured since this extension's first call. */
  public Progress progress(Trainer trainer) {
    Updater u = trainer.getUpdater();
    long iteration = u.getIteration();
    double epochDetail = u.getEpochDetail();
    Long total = null;
    double fraction = Double.NaN;
    Trigger stop = trainer.getStopTrigger();
    if (stop instanceof IntervalTrigger interval) {
      // In double: a period such as Long.MAX_VALUE iterations or 1e18 epochs overflows a long.
      double length;
      if (interval.unit() == Unit.ITERATION) {
        length = Math.ceil(interval.period());
        fraction = iteration / interval.period();
      } else {
        // Remaining epochs at the current batch size: exact even if the batch size changed.
        double remaining = Math.max(0, interval.period() - epochDetail);
        int size = u.getIterator().getDataset().size();
        length = iteration + Math.ceil(remaining * size / u.getIterator().getBatchSize());
        fraction = epochDetail / interval.period();
      }
      if (length <= MAX_TOTAL) {
        total = (long) length;
        fraction = Math.min(1, fraction);
      } else {
        fraction = Double.NaN; // a "run until stopped": shown as one of unknown length
      }
    }
    double seconds = started ? (System.nanoTime() - startNanos) / 1e9 : 0;
    long done = iteration - startIteration;
    double speed = seconds > 0 ? done / seconds : 0;
    Duration eta = null;
    if (total != null && speed > 0) {
      double etaSeconds = Math.max(0, total - iteration) / speed;
      if (etaSeconds <= MAX_ETA_SECONDS) {
        eta = Duration.ofMillis(Math.round(1000 * etaSeconds));
      }
    }
    return new Progress(
        iteration, total, fraction, u.getEpoch(), epochDetail - u.getEpoch(), speed, eta);
  }

  private void start(Trainer trainer) {
    started = true;
    startIteration = trainer.getUpdater().getIteration();
    startNanos = System.nanoTime();
    boolean useBar = terminal != null ? terminal : System.console() != null;
    if (useBar) {
      Progress p = progress(trainer);
      // A forced bar may not face a real terminal, whose width the library could not query.
      ConsoleProgressBarConsumer consumer =
          terminal != null
              ? new ConsoleProgressBarConsumer(out, 120)
              : new ConsoleProgressBarConsumer(out);
      bar =
          new ProgressBarBuilder()
              .setTaskName("training")
              .setInitialMax(p.totalIterations() == null ? -1 : p.totalIterations())
              .setStyle(ProgressBarStyle.ASCII)
              .setUnit(" it", 1)
              .showSpeed()
              .setConsumer(consumer)
              .setUpdateIntervalMillis(500)
              .startsFrom(startIteration, Duration.ZERO)
              .build();
    }
  }

  private void print(Progress p) {
    out.println(p.line());
    out.flush();
    lastPrinted = p.iteration();
  }

  static String formatDuration(Duration d) {
    long s = d.getSeconds();
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }

  /** Configures a {@link ProgressBar}. */
  public static final class Builder {
    private PrintStream out = System.err;
    private int updateInterval = 100;
    private Boolean terminal;

    private Builder() {}

    /** Where progress goes (default standard error, keeping standard output for reports). */
    public Builder out(PrintStream out) {
      this.out = Preconditions.checkNotNull(out, "out");
      return this;
    }

    /** Iterations between plain lines when the output is not a terminal (default 100). */
    public Builder updateInterval(int iterations) {
      Preconditions.checkArgument(
          iterations > 0, "updateInterval must be positive: %s", iterations);
      this.updateInterval = iterations;
      return this;
    }

    /** Forces the live bar (true) or plain lines (false); default: a bar only on a terminal. */
    public Builder terminal(boolean terminal) {
      this.terminal = terminal;
      return this;
    }

    public ProgressBar build() {
      return new ProgressBar(this);
    }
  }
}
