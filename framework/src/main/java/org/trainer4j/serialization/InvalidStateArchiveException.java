package org.trainer4j.serialization;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A state archive that cannot be trusted: truncated, corrupt (checksum mismatch), missing an entry,
 * or of an unknown format. The message names the file and what failed. Nothing has been loaded when
 * this is thrown, because archives are verified before any entry is parsed.
 */
public class InvalidStateArchiveException extends IOException {

  private final Path file;

  public InvalidStateArchiveException(Path file, String problem) {
    this(file, problem, null);
  }

  public InvalidStateArchiveException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The archive at fault. */
  public Path getFile() {
    return file;
  }
}
