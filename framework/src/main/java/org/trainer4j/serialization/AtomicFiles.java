package org.trainer4j.serialization;

import com.google.common.base.Preconditions;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a file so that readers see either its old content or the complete new content, never a
 * partial one: the content goes to a temporary file in the same directory, is forced to disk, and
 * is then moved over the target atomically. A process killed mid-write leaves only a temporary file
 * named {@code .<target>.<random>.tmp}, which {@link #unfinishedTarget} recognizes.
 */
public final class AtomicFiles {

  private static final Pattern TEMP_NAME = Pattern.compile("^\\.(.+)\\.[0-9]+\\.tmp$");

  private AtomicFiles() {}

  /** Writes the content of one file to a stream; the stream may be closed or left open. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Replaces {@code target} by what {@code content} writes. On failure the target is unchanged and
   * the temporary file is removed.
   *
   * @throws IOException naming the target if it is a directory or cannot be written (a full disk, a
   *     device error, an error from {@code content}); the target is then unchanged
   */
  public static void write(Path target, Content content) throws IOException {
    Preconditions.checkNotNull(target, "target");
    Preconditions.checkNotNull(content, "content");
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    if (Files.isDirectory(absolute)) {
      throw new IOException("cannot write " + absolute + ": it is a directory");
    }
    Path temp = dir.resolve(tempName(absolute.getFileName().toString()));
    boolean moved = false;
    try {
      // CREATE_NEW with the default permissions (umask), unlike createTempFile's owner-only files:
      // logs, plots and snapshots should be as readable as any other file the user writes.
      try (FileChannel channel =
              FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
        content.writeTo(new KeepOpen(out));
        out.flush();
        channel.force(true);
      }
      move(temp, absolute);
      moved = true;
      forceDirectory(dir);
    } catch (IOException e) {
      // A full disk or a failing device says only "No space left on device": name the file.
      IOException named =
          new IOException(
              String.format(
                  "cannot write %s: %s (its previous content, if any, is unchanged)",
                  absolute, e.getMessage()),
              e);
      if (!moved) {
        deleteQuietly(temp, named);
      }
      throw named;
    } catch (RuntimeException | Error e) {
      if (!moved) {
        deleteQuietly(temp, e);
      }
      throw e;
    }
  }

  private static void deleteQuietly(Path temp, Throwable failure) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      failure.addSuppressed(e); // the write's own failure matters more
    }
  }

  /** Writes {@code bytes} to {@code target} atomically (see {@link #write(Path, Content)}). */
  public static void write(Path target, byte[] bytes) throws IOException {
    Preconditions.checkNotNull(bytes, "bytes");
    write(target, out -> out.write(bytes));
  }

  /**
   * The name of the file that an interrupted {@link #write} was writing, if {@code fileName} is one
   * of its temporary files; null otherwise.
   */
  public static String unfinishedTarget(String fileName) {
    Matcher m = TEMP_NAME.matcher(fileName);
    return m.matches() ? m.group(1) : null;
  }

  private static String tempName(String target) {
    return "."
        + target
        + "."
        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong())
        + ".tmp";
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void forceDirectory(Path dir) {
    // Makes the rename itself durable. Some platforms cannot open a directory for syncing; the file
    // content is already on disk, so losing only the rename on a power cut is acceptable there.
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // see above
    }
  }

  /** Lets content writers close their stream (e.g. a zip) without closing the file before fsync. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
