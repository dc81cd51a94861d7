package org.trainer4j.extensions.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.trainer4j.serialization.StateArchive;
import org.trainer4j.training.Trainer;

/**
 * Chainer's {@code snapshot}: saves the whole training state (model parameters and optimizer state,
 * iterator position and order, iteration, every extension's and trigger's state, elapsed time) as a
 * {@link StateArchive}, by default {@code snapshot_iter_{iteration}} every epoch. Resume with
 * {@code autoload(true)} or {@link Trainer#resume(Path)}; a finished run resumed this way stops at
 * once.
 */
public final class Snapshot extends SnapshotExtension {

  /** The default file name template. */
  public static final String DEFAULT_FILENAME = "snapshot_iter_{iteration}";

  private Snapshot(Options options) {
    super(options);
  }

  /** Every epoch into {@code snapshot_iter_{iteration}}, keeping all, no autoload. */
  public Snapshot() {
    this(builder().options());
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The newest snapshot in {@code dir} matching {@code template} whose checksums verify, for
   * passing to {@link Trainer#resume(Path)}; empty if there is none.
   */
  public static Optional<Path> findLatestValid(Path dir, String template) {
    for (Path file : new SnapshotFiles(dir, new FilenameTemplate(template)).newestFirst()) {
      try {
        StateArchive.read(file);
        return Optional.of(file);
      } catch (IOException e) {
        // corrupt or unreadable: try the next older one
      }
    }
    return Optional.empty();
  }

  @Override
  protected void write(Trainer trainer, Path file) throws IOException {
    StateArchive.write(trainer.saveState(), file);
  }

  @Override
  protected void load(Trainer trainer, Path file) {
    trainer.resume(file);
  }

  /** Configures a {@link Snapshot}. */
  public static final class Builder extends OptionsBuilder<Builder> {
    private Builder() {
      super(DEFAULT_FILENAME);
    }

    public Snapshot build() {
      return new Snapshot(options());
    }
  }
}
