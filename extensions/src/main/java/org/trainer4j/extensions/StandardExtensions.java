package org.trainer4j.extensions;

import com.google.common.base.Preconditions;
import java.io.PrintStream;
import java.util.List;
import org.trainer4j.extensions.evaluation.Evaluator;
import org.trainer4j.extensions.report.LogReport;
import org.trainer4j.extensions.report.ObserveLr;
import org.trainer4j.extensions.report.PlotReport;
import org.trainer4j.extensions.report.PrintReport;
import org.trainer4j.extensions.report.ProgressBar;
import org.trainer4j.extensions.snapshot.Snapshot;
import org.trainer4j.iterators.BatchIterator;
import org.trainer4j.training.Trainer;

/**
 * The extension set of a typical training job, registered in one call: an {@link Evaluator} (when a
 * validation iterator is given), {@link ObserveLr}, {@link LogReport}, {@link PrintReport}, {@link
 * ProgressBar}, {@link PlotReport}s of loss and accuracy, and a {@link Snapshot} every epoch that
 * keeps the newest few, writes one when training fails and, with {@code resume}, continues from the
 * newest valid snapshot in the output directory. In a multi-process job, ranks other than 0 get
 * only the evaluator, the learning-rate observer and the snapshot (which loads on every rank and
 * writes on rank 0 only).
 */
public final class StandardExtensions {

  /** Keys printed by default; keys a run does not report stay blank. */
  public static final List<String> DEFAULT_PRINT_KEYS =
      List.of(
          "epoch",
          "iteration",
          "main/loss",
          "main/accuracy",
          "validation/main/loss",
          "validation/main/accuracy",
          "elapsed_time");

  private StandardExtensions() {}

  /** What {@link #install} registers. */
  public record Options(
      BatchIterator validation,
      boolean resume,
      int nRetains,
      boolean progressBar,
      boolean plots,
      List<String> printKeys,
      PrintStream out) {}

  public static Builder options() {
    return new Builder();
  }

  /** Registers the extensions on {@code trainer}, which must not have started. */
  public static void install(Trainer trainer, Options options) {
    Preconditions.checkNotNull(trainer, "trainer");
    Preconditions.checkNotNull(options, "options");
    if (options.validation() != null) {
      trainer.extend(Evaluator.of(options.validation()));
    }
    trainer.extend(new ObserveLr());
    if (!trainer.getUpdater().communicator().isRoot()) {
      // Other ranks of a multi-process job evaluate (a collective) and load snapshots, but
      // report, print, plot and write nothing: rank 0 does, for the whole job.
      installSnapshot(trainer, options);
      return;
    }
    trainer.extend(new LogReport());
    trainer.extend(PrintReport.of(options.printKeys(), "LogReport", options.out()));
    if (options.progressBar()) {
      trainer.extend(new ProgressBar());
    }
    if (options.plots()) {
      trainer.extend(
          PlotReport.builder("main/loss", "validation/main/loss").filename("loss.png").build(),
          "PlotReport_loss",
          null,
          null);
      trainer.extend(
          PlotReport.builder("main/accuracy", "validation/main/accuracy")
              .filename("accuracy.png")
              .build(),
          "PlotReport_accuracy",
          null,
          null);
    }
    installSnapshot(trainer, options);
  }

  private static void installSnapshot(Trainer trainer, Options options) {
    trainer.extend(
        Snapshot.builder()
            .nRetains(options.nRetains())
            .autoload(options.resume())
            .snapshotOnError(true)
            .build());
  }

  /** Configures {@link Options}; defaults: no validation, no resume, 3 snapshots kept. */
  public static final class Builder {
    private BatchIterator validation;
    private boolean resume;
    private int nRetains = 3;
    private boolean progressBar = true;
    private boolean plots = true;
    private List<String> printKeys = DEFAULT_PRINT_KEYS;
    private PrintStream out = System.out;

    private Builder() {}

    /** A non-repeating validation iterator, evaluated every epoch. */
    public Builder validation(BatchIterator validation) {
      this.validation = validation;
      return this;
    }

    /** Continue from the newest valid snapshot in the output directory, if there is one. */
    public Builder resume(boolean resume) {
      this.resume = resume;
      return this;
    }

    public Builder nRetains(int nRetains) {
      Preconditions.checkArgument(nRetains > 0, "nRetains must be positive: %s", nRetains);
      this.nRetains = nRetains;
      return this;
    }

    public Builder progressBar(boolean progressBar) {
      this.progressBar = progressBar;
      return this;
    }

    public Builder plots(boolean plots) {
      this.plots = plots;
      return this;
    }

    public Builder printKeys(List<String> printKeys) {
      this.printKeys = List.copyOf(printKeys);
      return this;
    }

    /** Where the table is printed (default standard output). */
    public Builder out(PrintStream out) {
      this.out = Preconditions.checkNotNull(out, "out");
      return this;
    }

    public Options build() {
      return new Options(validation, resume, nRetains, progressBar, plots, printKeys, out);
    }
  }
}
