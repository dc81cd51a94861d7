package org.trainer4j.parallel;

import com.google.common.base.Preconditions;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One replica's view of a {@link ReplicaGroup}. Reductions are computed by every replica from all
 * contributions in rank order, so results are bit-identical across replicas; arrays are exchanged
 * by reference (shared memory), and a barrier keeps a replica from overwriting its array while
 * another still reads it.
 */
final class ReplicaCommunicator implements Communicator {

  private final ReplicaGroup group;
  private final int rank;

  ReplicaCommunicator(ReplicaGroup group, int rank) {
    this.group = group;
    this.rank = rank;
  }

  @Override
  public int rank() {
    return rank;
  }

  @Override
  public int size() {
    return group.size();
  }

  @Override
  public void allReduceSum(INDArray array) {
    Preconditions.checkNotNull(array, "array");
    List<INDArray> all = group.allGather(rank, array);
    INDArray sum = all.get(0).dup();
    for (int r = 1; r < all.size(); r++) {
      sum.addi(all.get(r));
    }
    group.allGather(rank, Boolean.TRUE); // everyone has read every array
    array.assign(sum);
  }

  @Override
  public double[] allReduce(double[] values, ReduceOp op) {
    Preconditions.checkNotNull(values, "values");
    Preconditions.checkNotNull(op, "op");
    List<double[]> all = allGather(values);
    double[] result = all.get(0).clone();
    for (int r = 1; r < all.size(); r++) {
      double[] part = all.get(r);
      Preconditions.checkArgument(
          part.length == result.length,
          "ranks passed arrays of different lengths: %s and %s",
          result.length,
          part.length);
      for (int i = 0; i < result.length; i++) {
        result[i] = op.apply(result[i], part[i]);
      }
    }
    return result;
  }

  @Override
  public void broadcast(INDArray array, int root) {
    Preconditions.checkNotNull(array, "array");
    List<INDArray> all = group.allGather(rank, array);
    if (rank != root) {
      array.assign(all.get(root));
    }
    group.allGather(rank, Boolean.TRUE); // root's array is not changed while others copy it
  }

  @Override
  public double[] broadcast(double[] values, int root) {
    Preconditions.checkNotNull(values, "values");
    return group.allGather(rank, values).get(root).clone();
  }

  @Override
  public List<double[]> allGather(double[] values) {
    Preconditions.checkNotNull(values, "values");
    return group.allGather(rank, values.clone());
  }

  @Override
  public void barrier() {
    group.allGather(rank, Boolean.TRUE);
  }

  @Override
  public void abort(Throwable cause) {
    group.abort(cause);
  }

  @Override
  public String describe() {
    return "replica " + rank + " of " + group.size() + " (threads)";
  }
}
