package org.trainer4j.training;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * An exclusive claim on an output directory: an operating-system lock ({@link FileChannel#tryLock})
 * on the file {@value #FILENAME} in it, which names the owner (PID, host, start time). The
 * operating system drops the lock when the process ends, even by {@code kill -9}, so a lock is
 * never left stale; the file stays behind and only names the last owner. A trainer holds one while
 * it runs, so that two trainers never write the same log and snapshots.
 *
 * <p>The lock is advisory and per process on POSIX systems; network file systems may not honour it.
 */
public final class OutputDirectoryLock implements AutoCloseable {

  /** The lock file's name in the output directory. */
  public static final String FILENAME = "trainer.lock";

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final Owner owner;

  /**
   * Who holds (or last held) a directory.
   *
   * @param pid the process id
   * @param host the host name
   * @param started when the lock was taken
   */
  public record Owner(long pid, String host, Instant started) {

    static Owner thisProcess() {
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "unknown host";
      }
      return new Owner(
          ProcessHandle.current().pid(), host, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    String format() {
      return "pid=" + pid + "\nhost=" + host + "\nstarted=" + started + "\n";
    }

    /**
     * The owner written by {@link #format}, or null for anything else (e.g. a file being written).
     */
    static Owner parse(String text) {
      String pid = null;
      String host = null;
      String started = null;
      for (String line : text.split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          String value = line.substring(eq + 1).trim();
          switch (line.substring(0, eq)) {
            case "pid" -> pid = value;
            case "host" -> host = value;
            case "started" -> started = value;
            default -> {}
          }
        }
      }
      try {
        return new Owner(Long.parseLong(pid), host, Instant.parse(started));
      } catch (RuntimeException e) {
        return null;
      }
    }

    @Override
    public String toString() {
      return "process " + pid + " on " + host + " since " + started;
    }
  }

  private OutputDirectoryLock(Path file, FileChannel channel, FileLock lock, Owner owner) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.owner = owner;
  }

  /**
   * Takes the lock on {@code directory} (which must exist) at once, or fails without waiting.
   *
   * @throws OutputDirectoryInUseException if another trainer, in this process or another, holds it
   * @throws IOException if the lock file cannot be created or written
   */
  public static OutputDirectoryLock acquire(Path directory) throws IOException {
    Preconditions.checkNotNull(directory, "directory");
    Path file = directory.resolve(FILENAME);
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this process, through another channel
      }
      if (lock == null) {
        throw new OutputDirectoryInUseException(directory, Owner.parse(read(channel)));
      }
      Owner me = Owner.thisProcess();
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(me.format().getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      return new OutputDirectoryLock(file, channel, lock, me);
    } catch (IOException | RuntimeException e) {
      try {
        channel.close();
      } catch (IOException inner) {
        e.addSuppressed(inner);
      }
      throw e;
    }
  }

  /** The lock file. */
  public Path file() {
    return file;
  }

  /** This process, as written into the lock file. */
  public Owner owner() {
    return owner;
  }

  /** Releases the lock; the file stays. Safe to call more than once. */
  @Override
  public void close() throws IOException {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } finally {
      channel.close();
    }
  }

  private static String read(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(1024); // the owner is three short lines
    channel.read(buffer, 0);
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
  }
}
