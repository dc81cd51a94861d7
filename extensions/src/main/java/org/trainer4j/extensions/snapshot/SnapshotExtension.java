package org.trainer4j.extensions.snapshot;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.extensions.util.OutputFiles;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Priority;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * What {@link Snapshot} and {@link SnapshotObject} share: file names from a {@link
 * FilenameTemplate}, keeping only the newest {@code nRetains} files, loading the newest valid file
 * on start ({@code autoload}), writing one more when training fails ({@code snapshotOnError}) and
 * one when the trainer stops on request ({@link Trainer#requestStop}, e.g. on SIGTERM). Runs last
 * in an iteration (SNAPSHOT priority), once per epoch by default.
 *
 * <p>Autoload skips files that cannot be read or are corrupt (an interrupted write, a damaged
 * disk), logging each with the reason, and loads the newest one that verifies. A file that reads
 * fine but does not fit the model is an error, not something to skip: the directory holds another
 * run's snapshots, and starting fresh would overwrite them.
 */
public abstract class SnapshotExtension implements Extension {

  private static final Logger log = LoggerFactory.getLogger(SnapshotExtension.class);

  private final FilenameTemplate template;
  private final Path directory;
  private final int nRetains;
  private final boolean autoload;
  private final boolean snapshotOnError;
  private final boolean continueOnWriteError;
  private SnapshotFiles files;
  private long startIteration = -1;
  private Path lastWritten;
  private long lastWrittenIteration = -1;
  private boolean failed;
  private Autoloaded autoloaded;

  /** A file autoload passed over, and why. */
  public record Skipped(Path file, String reason) {}

  /** What autoload did: the file loaded (null: none was valid) and the files skipped. */
  public record Autoloaded(Path loaded, List<Skipped> skipped) {
    public Autoloaded {
      skipped = List.copyOf(skipped);
    }
  }

  protected SnapshotExtension(Options options) {
    Preconditions.checkNotNull(options, "options");
    this.template = new FilenameTemplate(options.filename());
    this.directory = options.directory();
    this.nRetains = options.nRetains();
    this.autoload = options.autoload();
    this.snapshotOnError = options.snapshotOnError();
    this.continueOnWriteError = options.continueOnWriteError();
  }

  /**
   * The settings every snapshot extension has.
   *
   * @param filename the file name template, with {@code {iteration}} and {@code {epoch}}
   * @param directory where files go; null for the trainer's output directory, a relative path is
   *     resolved against it
   * @param nRetains how many of the newest files to keep; 0 or less keeps all
   * @param autoload whether to load the newest valid file when the run starts
   * @param snapshotOnError whether to write a file when training throws after at least one update
   *     of this run, unless a file for that iteration exists already
   * @param continueOnWriteError whether a snapshot that cannot be written (a full disk, a device
   *     error) is logged and training goes on, rather than stopping the run
   */
  public record Options(
      String filename,
      Path directory,
      int nRetains,
      boolean autoload,
      boolean snapshotOnError,
      boolean continueOnWriteError) {}

  /** The settings shared by the builders of snapshot extensions. */
  public abstract static class OptionsBuilder<B extends OptionsBuilder<B>> {
    private String filename;
    private Path directory;
    private int nRetains;
    private boolean autoload;
    private boolean snapshotOnError;
    private boolean continueOnWriteError;

    protected OptionsBuilder(String defaultFilename) {
      this.filename = defaultFilename;
    }

    /** The file name template, with {@code {iteration}} and {@code {epoch}} placeholders. */
    public B filename(String template) {
      new FilenameTemplate(template); // validates now rather than at the first snapshot
      this.filename = template;
      return self();
    }

    /** Where files go; a relative path is resolved against the output directory (the default). */
    public B directory(Path directory) {
      this.directory = Preconditions.checkNotNull(directory, "directory");
      return self();
    }

    /** Keeps only the newest {@code n} files (default: all). */
    public B nRetains(int n) {
      Preconditions.checkArgument(n > 0, "nRetains must be positive: %s", n);
      this.nRetains = n;
      return self();
    }

    /** Loads the newest valid file when the run starts (default false). */
    public B autoload(boolean autoload) {
      this.autoload = autoload;
      return self();
    }

    /** Writes a file when training throws (default false). */
    public B snapshotOnError(boolean snapshotOnError) {
      this.snapshotOnError = snapshotOnError;
      return self();
    }

    /**
     * Whether a snapshot that cannot be written (a full disk, a device error) only logs a warning
     * naming the file, so training goes on and the next snapshot tries again (default false: the
     * run stops with the error, so it never trains on with nothing to resume from). Either way the
     * previous snapshot stays complete.
     */
    public B continueOnWriteError(boolean continueOnWriteError) {
      this.continueOnWriteError = continueOnWriteError;
      return self();
    }

    protected Options options() {
      return new Options(
          filename, directory, nRetains, autoload, snapshotOnError, continueOnWriteError);
    }

    @SuppressWarnings("unchecked")
    private B self() {
      return (B) this;
    }
  }

  /** Writes the snapshot to {@code file} (atomically). */
  protected abstract void write(Trainer trainer, Path file) throws IOException;

  /**
   * Loads {@code file}, changing nothing if it fails.
   *
   * @throws UncheckedIOException if the file cannot be read or is corrupt: autoload skips it
   * @throws RuntimeException of any other type if it does not fit: autoload stops the run
   */
  protected abstract void load(Trainer trainer, Path file);

  @Override
  public Trigger defaultTrigger() {
    return IntervalTrigger.epochs(1);
  }

  @Override
  public int defaultPriority() {
    return Priority.SNAPSHOT;
  }

  @Override
  public void initialize(Trainer trainer) {
    Path dir = directory == null ? trainer.getOutDir() : trainer.getOutDir().resolve(directory);
    OutputFiles.ensureWritableDirectory(dir, "snapshot directory");
    files = new SnapshotFiles(dir, template);
    if (autoload) {
      autoloaded = autoload(trainer);
    }
    startIteration = trainer.getUpdater().getIteration();
  }

  @Override
  public void call(Trainer trainer) {
    if (!trainer.getUpdater().communicator().isRoot()) {
      return; // one file per job, written by rank 0: the state is the same on every rank
    }
    try {
      writeNow(trainer);
    } catch (UncheckedIOException e) {
      if (!continueOnWriteError) {
        throw e;
      }
      log.warn("{}; training continues (continueOnWriteError)", e.getMessage());
    }
  }

  @Override
  public void onError(Trainer trainer, Throwable error) {
    failed = true;
    if (!snapshotOnError || startIteration < 0) {
      return; // failed before or during initialize (e.g. autoload): nothing new to keep
    }
    if (!trainer.getUpdater().communicator().isRoot()) {
      return;
    }
    long iteration = trainer.getUpdater().getIteration();
    Path target = files.path(iteration, trainer.getUpdater().getEpoch());
    if (iteration == startIteration || Files.exists(target)) {
      // No update finished since the start, or a regular snapshot of this iteration exists: the
      // state after a failure may be half-updated and must not replace a consistent file.
      log.info("training failed ({}); no new state to snapshot", error.toString());
      return;
    }
    try {
      Path file = writeNow(trainer);
      log.info("training failed ({}); wrote {}", error.toString(), file);
    } catch (RuntimeException e) {
      log.warn("training failed and the snapshot on error could not be written: {}", e.toString());
    }
  }

  /**
   * After a {@link Trainer#requestStop stop request} (preemption), writes a snapshot of the state
   * the run stopped in, unless a snapshot of that iteration exists (this run wrote it, or resumed
   * from it): a requested stop falls between iterations, so the state is consistent and a resumed
   * run continues exactly. A fresh run stopped before its first update is written too: what ran
   * before training (a batch-size search) is kept, not run again on resume. Nothing is written
   * after a failure ({@link #onError} decides that case).
   */
  @Override
  public void finish(Trainer trainer) {
    if (trainer.stopRequest().isEmpty() || files == null || failed) {
      return;
    }
    if (!trainer.getUpdater().communicator().isRoot()) {
      return; // one file per job, written by rank 0
    }
    long iteration = trainer.getUpdater().getIteration();
    if (iteration == lastWrittenIteration
        || Files.exists(files.path(iteration, trainer.getUpdater().getEpoch()))) {
      log.info(
          "stopped on request ({}); the newest snapshot is up to date",
          trainer.stopRequest().get());
      return;
    }
    Path file = writeNow(trainer);
    log.info("stopped on request ({}); wrote {}", trainer.stopRequest().get(), file);
  }

  /**
   * Writes a snapshot named for the current iteration and epoch now, then prunes old ones.
   *
   * @return the file written
   */
  public Path writeNow(Trainer trainer) {
    Preconditions.checkState(files != null, "the snapshot extension was not initialized");
    Path file = files.path(trainer.getUpdater().getIteration(), trainer.getUpdater().getEpoch());
    try {
      write(trainer, file);
    } catch (IOException e) {
      // AtomicFiles names the file already; a custom write may not.
      String message = String.valueOf(e.getMessage());
      throw new UncheckedIOException(
          message.contains(file.toAbsolutePath().toString())
              ? "snapshot not written: " + message
              : "cannot write snapshot " + file + ": " + message,
          e);
    }
    lastWritten = file;
    lastWrittenIteration = trainer.getUpdater().getIteration();
    if (nRetains > 0) {
      files.retain(nRetains, file);
    }
    return file;
  }

  /** The last file written by this extension in this process. */
  public Optional<Path> lastWritten() {
    return Optional.ofNullable(lastWritten);
  }

  /** What autoload did, if it ran. */
  public Optional<Autoloaded> autoloaded() {
    return Optional.ofNullable(autoloaded);
  }

  /** The template of the file names. */
  public FilenameTemplate template() {
    return template;
  }

  private Autoloaded autoload(Trainer trainer) {
    List<Skipped> skipped = new ArrayList<>();
    for (Path temp : files.unfinishedWrites()) {
      skip(skipped, temp, "an unfinished write (the process stopped while writing it)");
    }
    for (Path file : files.newestFirst()) {
      try {
        load(trainer, file);
        log.info(
            "autoload: loaded {} (iteration {}){}",
            file,
            trainer.getUpdater().getIteration(),
            skipped.isEmpty()
                ? ""
                : "; skipped " + skipped.size() + " newer or unfinished file(s)");
        return new Autoloaded(file, skipped);
      } catch (UncheckedIOException e) {
        skip(skipped, file, e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
      }
    }
    log.info(
        "autoload: no valid snapshot matching '{}' in {}; starting from the beginning",
        template,
        files.dir());
    return new Autoloaded(null, skipped);
  }

  private static void skip(List<Skipped> skipped, Path file, String reason) {
    log.warn("autoload: skipping {}: {}", file, reason);
    skipped.add(new Skipped(file, reason));
  }
}
