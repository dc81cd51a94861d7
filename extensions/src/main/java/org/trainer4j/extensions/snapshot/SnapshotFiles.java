package org.trainer4j.extensions.snapshot;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.serialization.AtomicFiles;

/**
 * The snapshot files of one template in one directory: lists them newest first (by modification
 * time, as Chainer's autoload and {@code n_retains}, then by the number in the name), finds
 * unfinished writes, and deletes all but the newest {@code n}. Written last, not numbered highest:
 * numbers restart with a new run in the same directory (a model-only snapshot's trainer starts at
 * iteration 0 again), and ranked by number, retention deleted a second run's snapshots as soon as
 * it wrote them while an earlier run's higher-numbered ones stayed, and autoload loaded those.
 */
final class SnapshotFiles {

  private static final Logger log = LoggerFactory.getLogger(SnapshotFiles.class);

  private final Path dir;
  private final FilenameTemplate template;

  SnapshotFiles(Path dir, FilenameTemplate template) {
    this.dir = Preconditions.checkNotNull(dir, "dir");
    this.template = Preconditions.checkNotNull(template, "template");
  }

  Path dir() {
    return dir;
  }

  Path path(long iteration, long epoch) {
    return dir.resolve(template.format(iteration, epoch));
  }

  /** Regular files matching the template, newest first. */
  List<Path> newestFirst() {
    record Candidate(Path path, long order, FileTime modified) {}
    List<Candidate> found = new ArrayList<>();
    for (Path p : list()) {
      OptionalLong order = template.orderOf(p.getFileName().toString());
      if (order.isPresent() && Files.isRegularFile(p)) {
        found.add(new Candidate(p, order.getAsLong(), modified(p)));
      }
    }
    found.sort(
        Comparator.comparing(Candidate::modified).thenComparingLong(Candidate::order).reversed());
    return found.stream().map(Candidate::path).toList();
  }

  /** Temporary files left by writes of matching snapshots that never completed. */
  List<Path> unfinishedWrites() {
    List<Path> out = new ArrayList<>();
    for (Path p : list()) {
      String target = AtomicFiles.unfinishedTarget(p.getFileName().toString());
      if (target != null && template.orderOf(target).isPresent()) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * Deletes all but the newest {@code keep} snapshots, never {@code justWritten} (a clock set back
   * can make it look older than the others); failures are logged, not thrown.
   */
  void retain(int keep, Path justWritten) {
    List<Path> all = new ArrayList<>(newestFirst());
    if (all.remove(justWritten)) {
      all.add(0, justWritten);
    }
    for (Path old : all.subList(Math.min(keep, all.size()), all.size())) {
      try {
        Files.deleteIfExists(old);
      } catch (IOException e) {
        log.warn("could not delete old snapshot {}: {}", old, e.toString());
      }
    }
  }

  private List<Path> list() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the snapshot directory " + dir, e);
    }
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }
}
