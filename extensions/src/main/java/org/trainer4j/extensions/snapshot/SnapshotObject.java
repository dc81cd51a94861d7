package org.trainer4j.extensions.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import org.trainer4j.model.Model;
import org.trainer4j.training.Trainer;

/**
 * Chainer's {@code snapshot_object} for a model: saves only the network (parameters, optimizer
 * state, configuration) as a {@link ModelArchive}, a zip that plain DL4J can load, by default
 * {@code model_iter_{iteration}.zip} every epoch. Autoload restores the model's parameters only,
 * not the training position; use {@link Snapshot} to resume training.
 */
public final class SnapshotObject extends SnapshotExtension {

  /** The default file name template. */
  public static final String DEFAULT_FILENAME = "model_iter_{iteration}.zip";

  private final Model target;

  private SnapshotObject(Options options, Model target) {
    super(options);
    this.target = target;
  }

  /** A builder for snapshots of the main optimizer's model. */
  public static Builder builder() {
    return new Builder(null);
  }

  /** A builder for snapshots of {@code target}. */
  public static Builder builder(Model target) {
    return new Builder(target);
  }

  @Override
  protected void write(Trainer trainer, Path file) throws IOException {
    ModelArchive.write(model(trainer), file);
  }

  @Override
  protected void load(Trainer trainer, Path file) {
    ModelArchive.load(file, model(trainer));
  }

  private Model model(Trainer trainer) {
    return target != null ? target : trainer.getUpdater().getOptimizer().getModel();
  }

  /** Configures a {@link SnapshotObject}. */
  public static final class Builder extends OptionsBuilder<Builder> {
    private final Model target;

    private Builder(Model target) {
      super(DEFAULT_FILENAME);
      this.target = target;
    }

    public SnapshotObject build() {
      return new SnapshotObject(options(), target);
    }
  }
}
