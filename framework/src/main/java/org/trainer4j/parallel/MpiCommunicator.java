package org.trainer4j.parallel;

import com.google.common.base.Preconditions;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of an MPI job ({@code MPI_COMM_WORLD}), through Open MPI's C library. ND4J arrays
 * are passed to MPI by address, so a reduction of the flat gradient copies nothing. Every
 * collective is watched: one that does not complete within the timeout prints which operation and
 * which ranks are late and ends the whole job with {@code MPI_Abort}, as does {@link #abort}.
 * Obtain it from {@link Communicators#auto()}; MPI can be initialized once per process.
 */
final class MpiCommunicator implements Communicator {

  private static final Logger LOG = LoggerFactory.getLogger(MpiCommunicator.class);

  /** Exit code of a job ended by a failing rank or the watchdog. */
  static final int ABORT_CODE = 3;

  private final MpiLibrary mpi;
  private final int rank;
  private final int size;
  private final CollectiveWatchdog watchdog;
  private boolean closed;

  private MpiCommunicator(MpiLibrary mpi, Duration timeout) {
    this.mpi = mpi;
    IntByReference provided = new IntByReference();
    check(mpi.api().MPI_Init_thread(null, null, MpiLibrary.THREAD_MULTIPLE, provided), "init");
    IntByReference value = new IntByReference();
    check(mpi.api().MPI_Comm_rank(mpi.commWorld(), value), "comm_rank");
    this.rank = value.getValue();
    check(mpi.api().MPI_Comm_size(mpi.commWorld(), value), "comm_size");
    this.size = value.getValue();
    Pointer watchComm = null;
    if (provided.getValue() >= MpiLibrary.THREAD_MULTIPLE) {
      PointerByReference dup = new PointerByReference();
      check(mpi.api().MPI_Comm_dup(mpi.commWorld(), dup), "comm_dup");
      watchComm = dup.getValue();
    } else {
      LOG.warn("MPI offers no MPI_THREAD_MULTIPLE: the watchdog cannot name late ranks");
    }
    this.watchdog =
        new CollectiveWatchdog(mpi, watchComm, rank, size, timeout, this::endJobAfterTimeout);
  }

  /**
   * Initializes MPI in this process. Call once per process (MPI cannot be initialized twice).
   *
   * @param timeout longest wait in one collective before the job is ended
   * @throws UnsatisfiedLinkError if Open MPI's library cannot be loaded
   */
  static MpiCommunicator initialize(Duration timeout) {
    MpiLibrary mpi = MpiLibrary.load();
    IntByReference flag = new IntByReference();
    mpi.api().MPI_Initialized(flag);
    Preconditions.checkState(flag.getValue() == 0, "MPI is already initialized in this process");
    return new MpiCommunicator(mpi, timeout);
  }

  @Override
  public int rank() {
    return rank;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public void allReduceSum(INDArray array) {
    Preconditions.checkNotNull(array, "array");
    if (!Shape.isContiguousInBuffer(array)) {
      INDArray copy = array.dup();
      allReduceSum(copy);
      array.assign(copy);
      return;
    }
    Pointer type = type(array);
    int count = count(array.length());
    Pointer data = NativeArrays.address(array);
    run(
        "allreduce(sum) of " + count + " " + array.dataType(),
        () ->
            mpi.api()
                .MPI_Allreduce(MpiLibrary.IN_PLACE, data, count, type, mpi.sum(), mpi.commWorld()));
    // MPI holds only the address: the array must outlive the call (see OperandFence).
    Reference.reachabilityFence(array);
  }

  @Override
  public double[] allReduce(double[] values, ReduceOp op) {
    Preconditions.checkNotNull(values, "values");
    Preconditions.checkNotNull(op, "op");
    Memory buffer = doubles(values);
    run(
        "allreduce(" + op.name().toLowerCase() + ") of " + values.length + " doubles",
        () ->
            mpi.api()
                .MPI_Allreduce(
                    MpiLibrary.IN_PLACE,
                    buffer,
                    values.length,
                    mpi.doubleType(),
                    mpi.op(op),
                    mpi.commWorld()));
    return buffer.getDoubleArray(0, values.length);
  }

  @Override
  public void broadcast(INDArray array, int root) {
    Preconditions.checkNotNull(array, "array");
    checkRoot(root);
    if (!Shape.isContiguousInBuffer(array)) {
      INDArray copy = array.dup();
      broadcast(copy, root);
      array.assign(copy);
      return;
    }
    Pointer type = type(array);
    int count = count(array.length());
    Pointer data = NativeArrays.address(array);
    run(
        "broadcast from rank " + root + " of " + count + " " + array.dataType(),
        () -> mpi.api().MPI_Bcast(data, count, type, root, mpi.commWorld()));
    Reference.reachabilityFence(array);
  }

  @Override
  public double[] broadcast(double[] values, int root) {
    Preconditions.checkNotNull(values, "values");
    checkRoot(root);
    Memory buffer = doubles(values);
    run(
        "broadcast from rank " + root + " of " + values.length + " doubles",
        () -> mpi.api().MPI_Bcast(buffer, values.length, mpi.doubleType(), root, mpi.commWorld()));
    return buffer.getDoubleArray(0, values.length);
  }

  @Override
  public List<double[]> allGather(double[] values) {
    Preconditions.checkNotNull(values, "values");
    int n = values.length;
    Memory mine = doubles(values);
    Memory all = new Memory((long) Math.max(1, n) * size * Double.BYTES);
    run(
        "allgather of " + n + " doubles",
        () ->
            mpi.api()
                .MPI_Allgather(
                    mine, n, mpi.doubleType(), all, n, mpi.doubleType(), mpi.commWorld()));
    List<double[]> result = new ArrayList<>(size);
    for (int r = 0; r < size; r++) {
      result.add(all.getDoubleArray((long) r * n * Double.BYTES, n));
    }
    return result;
  }

  @Override
  public void barrier() {
    run("barrier", () -> mpi.api().MPI_Barrier(mpi.commWorld()));
  }

  @Override
  public void abort(Throwable cause) {
    System.err.printf("trainer4j: rank %d failed, ending the MPI job: %s%n", rank, cause);
    System.err.flush();
    mpi.api().MPI_Abort(mpi.commWorld(), ABORT_CODE);
  }

  @Override
  public String describe() {
    return "MPI rank " + rank + " of " + size + " (Open MPI)";
  }

  /** Finalizes MPI; a process that exits without it makes {@code mpirun} report a failure. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    watchdog.close();
    IntByReference flag = new IntByReference();
    mpi.api().MPI_Finalized(flag);
    if (flag.getValue() == 0) {
      mpi.api().MPI_Finalize();
    }
  }

  private synchronized void run(String operation, IntSupplier call) {
    Preconditions.checkState(!closed, "the MPI communicator is closed");
    watchdog.enter(operation);
    try {
      check(call.getAsInt(), operation);
    } finally {
      watchdog.exit();
    }
  }

  private void endJobAfterTimeout(String message) {
    System.err.println(message);
    System.err.flush();
    LOG.error(message);
    mpi.api().MPI_Abort(mpi.commWorld(), ABORT_CODE);
  }

  private Pointer type(INDArray array) {
    DataType dtype = array.dataType();
    Preconditions.checkArgument(
        dtype == DataType.DOUBLE || dtype == DataType.FLOAT,
        "MPI collectives take DOUBLE or FLOAT arrays, got %s",
        dtype);
    return dtype == DataType.DOUBLE ? mpi.doubleType() : mpi.floatType();
  }

  private void checkRoot(int root) {
    Preconditions.checkArgument(
        root >= 0 && root < size, "root must be in [0, %s): %s", size, root);
  }

  private static int count(long length) {
    Preconditions.checkArgument(
        length <= Integer.MAX_VALUE, "MPI counts are ints; the array has %s elements", length);
    return (int) length;
  }

  private static Memory doubles(double[] values) {
    Memory buffer = new Memory((long) Math.max(1, values.length) * Double.BYTES);
    buffer.write(0, values, 0, values.length);
    return buffer;
  }

  private static void check(int code, String operation) {
    if (code != 0) {
      throw new IllegalStateException("MPI " + operation + " failed with error code " + code);
    }
  }
}
