package org.trainer4j.parallel;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * MPI has no timeouts: a rank that hangs outside a collective blocks every other rank inside it
 * forever. The watchdog is a daemon thread per rank that (1) answers other ranks' "where are you?"
 * with the number of the last collective this rank entered and whether it is still inside, and (2)
 * when this rank has waited in one collective longer than the timeout, asks every other rank where
 * it is and hands a message naming the operation and the late ranks to {@code onTimeout} (which
 * ends the job). The questions travel on a duplicate of the world communicator, so they never match
 * the training's own messages; they need {@code MPI_THREAD_MULTIPLE}, without which the message
 * names the operation only.
 */
final class CollectiveWatchdog implements AutoCloseable {

  private static final int QUERY_TAG = 7001;
  private static final int REPLY_TAG = 7002;
  private static final long POLL_MILLIS = 20;
  private static final long ANSWER_WAIT_MILLIS = 2000;

  private final MpiLibrary mpi;
  private final Pointer comm;
  private final int rank;
  private final int size;
  private final long timeoutNanos;
  private final Consumer<String> onTimeout;
  private final Thread thread;
  private final Memory query = new Memory(2 * Long.BYTES);
  private final Memory reply = new Memory(2 * Long.BYTES);
  private final PointerByReference queryRequest = new PointerByReference();
  private volatile long sequence;
  private volatile String operation = "";
  private volatile long enteredNanos;
  private volatile boolean inside;
  private volatile boolean closed;

  /**
   * Starts watching. {@code comm} is a duplicate of the world communicator (null without {@code
   * MPI_THREAD_MULTIPLE}: then other ranks are not asked).
   */
  CollectiveWatchdog(
      MpiLibrary mpi,
      Pointer comm,
      int rank,
      int size,
      Duration timeout,
      Consumer<String> onTimeout) {
    this.mpi = mpi;
    this.comm = comm;
    this.rank = rank;
    this.size = size;
    // Saturates where Duration.toNanos throws: a timeout beyond ~292 years means none.
    this.timeoutNanos = TimeUnit.NANOSECONDS.convert(timeout);
    this.onTimeout = onTimeout;
    this.thread = new Thread(this::watch, "trainer4j-mpi-watchdog");
    thread.setDaemon(true);
    thread.start();
  }

  /** The longest wait in one collective; one too long to count in nanoseconds is cut to that. */
  Duration timeout() {
    return Duration.ofNanos(timeoutNanos);
  }

  /** This rank enters its next collective, {@code operation} (e.g. "allreduce of 5000 doubles"). */
  void enter(String operation) {
    this.operation = operation;
    this.enteredNanos = System.nanoTime();
    this.sequence = sequence + 1;
    this.inside = true;
  }

  /** This rank left the collective it entered last. */
  void exit() {
    inside = false;
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }

  private void watch() {
    if (comm != null) {
      postQueryReceive();
    }
    while (!closed) {
      if (comm != null) {
        answerQueries();
      }
      long waited = System.nanoTime() - enteredNanos;
      if (inside && waited > timeoutNanos) {
        onTimeout.accept(timeoutMessage());
        return;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void postQueryReceive() {
    mpi.api()
        .MPI_Irecv(query, 2, mpi.longType(), MpiLibrary.ANY_SOURCE, QUERY_TAG, comm, queryRequest);
  }

  private void answerQueries() {
    IntByReference done = new IntByReference();
    mpi.api().MPI_Test(queryRequest, done, Pointer.NULL);
    while (done.getValue() != 0) {
      int asker = (int) query.getLong(0);
      reply.setLong(0, sequence);
      reply.setLong(Long.BYTES, inside ? 1 : 0);
      PointerByReference sent = new PointerByReference();
      mpi.api().MPI_Isend(reply, 2, mpi.longType(), asker, REPLY_TAG, comm, sent);
      waitFor(List.of(sent), ANSWER_WAIT_MILLIS);
      postQueryReceive();
      mpi.api().MPI_Test(queryRequest, done, Pointer.NULL);
    }
  }

  private String timeoutMessage() {
    long mine = sequence;
    String head =
        String.format(
            "trainer4j: collective #%d (%s) on rank %d of %d did not complete within %.1f s",
            mine, operation, rank, size, timeoutNanos / 1e9);
    if (comm == null) {
      return head + " (MPI without MPI_THREAD_MULTIPLE: the late rank cannot be asked)";
    }
    List<Memory> answers = new ArrayList<>();
    List<PointerByReference> receives = new ArrayList<>();
    List<PointerByReference> sends = new ArrayList<>();
    Memory question = new Memory(2 * Long.BYTES);
    question.setLong(0, rank);
    question.setLong(Long.BYTES, mine);
    for (int r = 0; r < size; r++) {
      Memory answer = new Memory(2 * Long.BYTES);
      answer.setLong(0, -1);
      answers.add(answer);
      PointerByReference receive = new PointerByReference();
      receives.add(receive);
      if (r == rank) {
        continue;
      }
      mpi.api().MPI_Irecv(answer, 2, mpi.longType(), r, REPLY_TAG, comm, receive);
      PointerByReference send = new PointerByReference();
      mpi.api().MPI_Isend(question, 2, mpi.longType(), r, QUERY_TAG, comm, send);
      sends.add(send);
    }
    long deadline = System.nanoTime() + ANSWER_WAIT_MILLIS * 1_000_000;
    List<String> late = new ArrayList<>();
    for (int r = 0; r < size; r++) {
      if (r == rank) {
        continue;
      }
      long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
      if (!waitFor(List.of(receives.get(r)), left)) {
        late.add("rank " + r + " (did not answer: dead, or its MPI is blocked)");
        continue;
      }
      long theirs = answers.get(r).getLong(0);
      boolean theyAreInside = answers.get(r).getLong(Long.BYTES) != 0;
      if (theirs < mine || !theyAreInside) {
        late.add(
            String.format(
                "rank %d (last entered collective #%d, %s)",
                r, theirs, theyAreInside ? "still inside it" : "now outside any collective"));
      }
    }
    return head + "; late: " + (late.isEmpty() ? "none found" : String.join(", ", late));
  }

  /** Polls until all requests completed or {@code millis} passed; whether all completed. */
  private boolean waitFor(List<PointerByReference> requests, long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    IntByReference done = new IntByReference();
    for (PointerByReference request : requests) {
      while (true) {
        mpi.api().MPI_Test(request, done, Pointer.NULL);
        if (done.getValue() != 0) {
          break;
        }
        if (System.nanoTime() > deadline) {
          return false;
        }
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }
}
