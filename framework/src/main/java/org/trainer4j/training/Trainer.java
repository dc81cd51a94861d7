package org.trainer4j.training;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.serialization.InvalidStateArchiveException;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.serialization.StateArchive;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;

/**
 * Chainer's Trainer: runs the updater until the stop trigger fires and calls the registered
 * extensions whose triggers fire after each update. A trainer runs once.
 */
public final class Trainer {

  private static final Logger log = LoggerFactory.getLogger(Trainer.class);

  private final Updater updater;
  private final Trigger stopTrigger;
  private final Path outDir;
  private final Reporter reporter = new Reporter();
  private final Map<String, ExtensionEntry> extensions = new LinkedHashMap<>();
  private final Set<Trigger> triggers = Collections.newSetFromMap(new IdentityHashMap<>());
  private Map<String, Double> observation = new LinkedHashMap<>();
  private boolean started;
  private boolean running;
  private boolean looping;
  private long startNanos;
  private double elapsedBefore;
  private volatile String stopRequest;

  /**
   * A trainer of {@code updater} that stops when {@code stopTrigger} fires, writing its outputs
   * (logs, snapshots, plots) under {@code outDir}.
   */
  public Trainer(Updater updater, Trigger stopTrigger, Path outDir) {
    this.updater = Preconditions.checkNotNull(updater, "updater");
    this.stopTrigger = Preconditions.checkNotNull(stopTrigger, "stopTrigger");
    this.outDir = Preconditions.checkNotNull(outDir, "outDir");
    triggers.add(stopTrigger);
    updater.connectTrainer(this);
  }

  /** Registers {@code extension} with its default name, trigger and priority. */
  public Trainer extend(Extension extension) {
    return extend(extension, null, null, null);
  }

  /** Registers {@code extension} with {@code trigger} and its default name and priority. */
  public Trainer extend(Extension extension, Trigger trigger) {
    return extend(extension, null, trigger, null);
  }

  /**
   * Registers {@code extension}. Null arguments take the extension's defaults. A taken name gets a
   * suffix {@code _1}, {@code _2}, ...; "training" is reserved.
   *
   * @throws IllegalStateException if the trainer has started
   * @throws IllegalArgumentException if {@code trigger} is already registered elsewhere
   */
  public Trainer extend(Extension extension, String name, Trigger trigger, Integer priority) {
    Preconditions.checkNotNull(extension, "extension");
    Preconditions.checkState(!started, "extend() must be called before run()");
    String base = name != null ? name : extension.defaultName();
    Preconditions.checkArgument(
        base != null && !base.isEmpty() && !base.contains("/"),
        "invalid extension name: '%s'",
        base);
    Preconditions.checkArgument(!"training".equals(base), "the name 'training' is reserved");
    Trigger t = trigger != null ? trigger : extension.defaultTrigger();
    Preconditions.checkNotNull(t, "extension %s has no trigger", base);
    Preconditions.checkArgument(
        !triggers.contains(t),
        "this trigger instance is already registered; give '%s' its own trigger, because"
            + " stateful triggers cannot be shared",
        base);
    String unique = base;
    for (int ordinal = 1; extensions.containsKey(unique); ordinal++) {
      unique = base + "_" + ordinal;
    }
    triggers.add(t);
    int p = priority != null ? priority : extension.defaultPriority();
    extensions.put(unique, new ExtensionEntry(unique, extension, t, p, extensions.size()));
    return this;
  }

  /**
   * Runs training: initialize, optional before-training calls, the loop, finish. The output
   * directory is locked ({@link OutputDirectoryLock}) for the whole run, before anything is
   * written; in a multi-process job rank 0 holds the lock for all ranks.
   *
   * @throws OutputDirectoryInUseException if another trainer is running in the output directory
   * @throws UncheckedIOException if the output directory cannot be created or written
   */
  public void run() {
    Preconditions.checkState(!started, "a trainer runs only once; build a new one to train again");
    started = true;
    // The processes of one multi-process job share the directory: rank 0 writes it and holds the
    // lock for all of them (the others write nothing there).
    OutputDirectoryLock lock = updater.communicator().isRoot() ? lockOutDir() : null;
    try {
      runLocked();
    } finally {
      try {
        if (lock != null) {
          lock.close();
        }
      } catch (IOException e) {
        log.warn("could not release {}: {}", lock.file(), e.toString());
      }
    }
  }

  private void runLocked() {
    List<ExtensionEntry> ordered = extensionEntries();
    running = true;
    startNanos = System.nanoTime();
    try {
      for (ExtensionEntry e : ordered) {
        if (!e.trigger().isFinished()) {
          e.extension().initialize(this);
        }
      }
      if (updater.getIteration() == 0) {
        newObservation();
        for (ExtensionEntry e : ordered) {
          if (e.extension().callBeforeTraining()) {
            e.extension().call(this);
          }
        }
      }
      looping = true;
      // A stop request is checked first: the stop trigger is asked once per iteration, as in an
      // uninterrupted run, so a run resumed after the request repeats that run exactly.
      while (!JobStop.now(updater.communicator(), this, stopTrigger)) {
        newObservation();
        updater.update();
        for (ExtensionEntry e : ordered) {
          if (e.trigger().test(this)) {
            e.extension().call(this);
          }
        }
      }
    } catch (Throwable error) {
      for (ExtensionEntry e : ordered) {
        try {
          e.extension().onError(this, error);
        } catch (Throwable inner) {
          log.warn("extension '{}' failed in onError: {}", e.name(), inner.toString(), inner);
        }
      }
      throw error;
    } finally {
      elapsedBefore = elapsed();
      running = false;
      looping = false;
      for (ExtensionEntry e : ordered) {
        try {
          e.extension().finish(this);
        } catch (RuntimeException inner) {
          log.warn("extension '{}' failed in finish: {}", e.name(), inner.toString(), inner);
        }
      }
      updater.close();
    }
  }

  /**
   * Asks the trainer to stop once the iteration in progress (its extensions included) is done,
   * before the stop trigger fires; extensions then {@link Extension#finish finish} as usual, and a
   * snapshot extension writes a snapshot, so that a resumed run continues where this one stopped.
   * Safe to call from any thread (a signal handler, a watchdog); the first reason is kept. In a
   * multi-process job every rank stops after the same iteration, whichever rank was asked.
   */
  public void requestStop(String reason) {
    Preconditions.checkNotNull(reason, "reason");
    synchronized (this) {
      if (stopRequest == null) {
        stopRequest = reason;
      }
    }
  }

  /** The reason given to {@link #requestStop}, if a stop was requested. */
  public Optional<String> stopRequest() {
    return Optional.ofNullable(stopRequest);
  }

  public Updater getUpdater() {
    return updater;
  }

  public Trigger getStopTrigger() {
    return stopTrigger;
  }

  public Path getOutDir() {
    return outDir;
  }

  public Reporter getReporter() {
    return reporter;
  }

  /** The current iteration's observations; extensions with EDITOR priority may change them. */
  public Map<String, Double> getObservation() {
    return observation;
  }

  /**
   * Seconds trained, including the time before the snapshot this run resumed from.
   *
   * @throws IllegalStateException before {@link #run()}, as Chainer's {@code elapsed_time} raises:
   *     no training time has been measured yet
   */
  public double getElapsedTime() {
    Preconditions.checkState(started, "training has not been started yet: call run() first");
    return elapsed();
  }

  private double elapsed() {
    return running ? elapsedBefore + (System.nanoTime() - startNanos) / 1e9 : elapsedBefore;
  }

  public boolean isStarted() {
    return started;
  }

  /** The extension registered as {@code name}. */
  public Extension getExtension(String name) {
    ExtensionEntry e = extensions.get(name);
    Preconditions.checkArgument(
        e != null, "no extension named '%s'; have %s", name, extensions.keySet());
    return e.extension();
  }

  /** Registered extensions in the order they run: priority descending, then registration. */
  public List<ExtensionEntry> extensionEntries() {
    List<ExtensionEntry> list = new ArrayList<>(extensions.values());
    list.sort(
        Comparator.comparingInt(ExtensionEntry::priority)
            .reversed()
            .thenComparingInt(ExtensionEntry::order));
    return List.copyOf(list);
  }

  /**
   * Saves or loads the whole training state: {@code updater} (iterators, optimizers, models,
   * iteration), {@code random} (the calling thread's ND4J generator, see {@link RandomState}),
   * {@code stop_trigger}, {@code extensions/<name>}, {@code extension_triggers/<name>}, elapsed
   * time and a format version.
   */
  public void serialize(Serializer s) {
    int version = s.serializeInt("format_version", StateTree.FORMAT_VERSION);
    if (s.isLoading()) {
      Preconditions.checkState(
          !looping,
          "cannot load state once the training loop has started; load before run() or in an"
              + " extension's initialize()");
      if (version != StateTree.FORMAT_VERSION) {
        log.warn(
            "state has format version {} but this trainer4j writes {}; loading what matches",
            version,
            StateTree.FORMAT_VERSION);
      }
    }
    updater.serialize(s.child("updater"));
    // This thread runs the updates (dropout masks of StandardUpdater) and the extensions: its
    // generator is training state like the parameters.
    RandomState.serializeCurrentThread(s.child("random"));
    stopTrigger.serialize(s.child("stop_trigger"));
    Serializer exts = s.child("extensions");
    Serializer trigs = s.child("extension_triggers");
    for (ExtensionEntry e : extensions.values()) {
      e.extension().serialize(exts.child(e.name()));
      e.trigger().serialize(trigs.child(e.name()));
    }
    double elapsed = s.serializeDouble("elapsed_time", elapsed());
    if (s.isLoading()) {
      // Saving must not touch the clock: a snapshot taken while running would count time twice.
      elapsedBefore = elapsed;
      startNanos = System.nanoTime();
    }
  }

  /** The whole training state as a tree (see {@link #serialize}). */
  public StateTree saveState() {
    StateTree tree = new StateTree();
    serialize(new StateWriter(tree));
    return tree;
  }

  /**
   * Restores a state saved by {@link #saveState()}, before {@link #run()} or from an extension's
   * {@code initialize}.
   */
  public void loadState(StateTree state) {
    Preconditions.checkNotNull(state, "state");
    serialize(new StateReader(state));
  }

  /**
   * Restores the state in the snapshot file {@code snapshot} (a {@link StateArchive}), before
   * {@link #run()} or from an extension's {@code initialize}. Either the whole state loads or
   * nothing changes: on failure the previous state is put back.
   *
   * @throws UncheckedIOException naming the file if it cannot be read or is corrupt ({@link
   *     InvalidStateArchiveException} as the cause)
   * @throws IllegalStateException naming the file and the mismatch if the snapshot does not fit
   *     this trainer (another model, optimizer or dataset)
   */
  public void resume(Path snapshot) {
    Preconditions.checkNotNull(snapshot, "snapshot");
    StateTree state;
    try {
      state = StateArchive.read(snapshot);
    } catch (InvalidStateArchiveException e) {
      throw new UncheckedIOException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          new IOException("cannot read snapshot " + snapshot + ": " + e, e));
    }
    if (state.child("updater") == null) {
      throw new IllegalStateException(
          "snapshot "
              + snapshot
              + " holds no trainer state (no 'updater'); model-only snapshots"
              + " load into a model, not a trainer");
    }
    StateTree before = saveState();
    try {
      loadState(state);
    } catch (RuntimeException e) {
      try {
        loadState(before);
      } catch (RuntimeException rollback) {
        e.addSuppressed(rollback);
      }
      throw new IllegalStateException(
          "snapshot "
              + snapshot
              + " does not fit this trainer, nothing was loaded: "
              + e.getMessage(),
          e);
    }
    log.info("resumed from {} at iteration {}", snapshot, updater.getIteration());
  }

  private void newObservation() {
    observation = new LinkedHashMap<>();
    reporter.scope(observation);
  }

  private OutputDirectoryLock lockOutDir() {
    try {
      Files.createDirectories(outDir);
      return OutputDirectoryLock.acquire(outDir);
    } catch (IOException | SecurityException e) {
      throw new UncheckedIOException(
          new IOException(
              "output directory " + outDir.toAbsolutePath() + " is not writable: " + e, e));
    }
  }

  /** A registered extension with its resolved name, trigger and priority. */
  public record ExtensionEntry(
      String name, Extension extension, Trigger trigger, int priority, int order) {}
}
