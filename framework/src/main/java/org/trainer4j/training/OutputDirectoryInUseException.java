package org.trainer4j.training;

import java.nio.file.Path;

/** Thrown when a trainer's output directory is locked by another trainer that is still running. */
public final class OutputDirectoryInUseException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final transient Path directory;
  private final transient OutputDirectoryLock.Owner owner;

  OutputDirectoryInUseException(Path directory, OutputDirectoryLock.Owner owner) {
    super(
        "output directory "
            + directory.toAbsolutePath()
            + " is in use by another trainer ("
            + (owner != null ? owner : "owner not recorded yet")
            + "); wait for it to end, stop it, or choose another output directory");
    this.directory = directory;
    this.owner = owner;
  }

  /** The directory in use. */
  public Path directory() {
    return directory;
  }

  /** Who holds it, or null if the lock file does not say (yet). */
  public OutputDirectoryLock.Owner owner() {
    return owner;
  }
}
