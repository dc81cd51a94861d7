package org.trainer4j.parallel;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The members of a data-parallel job and the collectives they run together (ChainerMN's
 * communicator): every member calls the same collectives in the same order, and each call returns
 * once all members have contributed. Members are MPI processes ({@link MpiCommunicator}), replica
 * threads in one JVM ({@link ReplicaGroup#communicator(int)}) or a single process ({@link
 * Communicators#single()}). A collective that cannot complete (a member failed, hung or timed out)
 * throws {@link CollectiveAbortedException} or ends the job; it never waits forever.
 */
public interface Communicator extends AutoCloseable {

  /** This member's index, 0 to {@code size() - 1}; rank 0 reports, plots and writes snapshots. */
  int rank();

  /** Number of members. */
  int size();

  /** Whether this member is rank 0. */
  default boolean isRoot() {
    return rank() == 0;
  }

  /**
   * Replaces {@code array} on every member by the element-wise sum over all members. Contiguous
   * arrays are reduced in place, without a copy.
   */
  void allReduceSum(INDArray array);

  /** The element-wise reduction of {@code values} over all members; the argument is unchanged. */
  double[] allReduce(double[] values, ReduceOp op);

  /** The reduction of one value over all members. */
  default double allReduce(double value, ReduceOp op) {
    return allReduce(new double[] {value}, op)[0];
  }

  /** Overwrites {@code array} on every member with {@code root}'s. */
  void broadcast(INDArray array, int root);

  /** {@code root}'s {@code values} (every member passes an array of the same length). */
  double[] broadcast(double[] values, int root);

  /**
   * Every member's {@code values} in rank order (every member passes an array of the same length),
   * so a result computed from them is bit-identical on every member.
   */
  List<double[]> allGather(double[] values);

  /** Waits until every member has arrived. */
  void barrier();

  /**
   * Ends the whole job because this member failed with {@code cause}: the other members' pending
   * and later collectives fail instead of waiting (MPI: {@code MPI_Abort}, which ends every
   * process).
   */
  void abort(Throwable cause);

  /** A short description for logs, e.g. {@code "MPI rank 1 of 2 (Open MPI)"}. */
  String describe();

  /** Releases the transport; collectives must not be called afterwards. */
  @Override
  default void close() {}
}
