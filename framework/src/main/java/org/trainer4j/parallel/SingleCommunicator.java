package org.trainer4j.parallel;

import com.google.common.base.Preconditions;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A job of one member: every collective returns its own input, at once. */
final class SingleCommunicator implements Communicator {

  static final SingleCommunicator INSTANCE = new SingleCommunicator();

  private SingleCommunicator() {}

  @Override
  public int rank() {
    return 0;
  }

  @Override
  public int size() {
    return 1;
  }

  @Override
  public void allReduceSum(INDArray array) {
    Preconditions.checkNotNull(array, "array");
  }

  @Override
  public double[] allReduce(double[] values, ReduceOp op) {
    Preconditions.checkNotNull(values, "values");
    Preconditions.checkNotNull(op, "op");
    return values.clone();
  }

  @Override
  public void broadcast(INDArray array, int root) {
    Preconditions.checkNotNull(array, "array");
    Preconditions.checkArgument(root == 0, "root must be 0 in a job of one: %s", root);
  }

  @Override
  public double[] broadcast(double[] values, int root) {
    Preconditions.checkArgument(root == 0, "root must be 0 in a job of one: %s", root);
    return values.clone();
  }

  @Override
  public List<double[]> allGather(double[] values) {
    return List.of(values.clone());
  }

  @Override
  public void barrier() {}

  @Override
  public void abort(Throwable cause) {
    // Nobody else to stop: the caller's exception ends the job.
  }

  @Override
  public String describe() {
    return "single process";
  }
}
