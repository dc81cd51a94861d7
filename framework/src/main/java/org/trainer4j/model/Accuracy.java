package org.trainer4j.model;

import com.google.common.base.Preconditions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Classification accuracy: an example counts when the output's largest entry is its label. */
public final class Accuracy implements Metric {

  @Override
  public String name() {
    return "accuracy";
  }

  /** True for one-hot labels of at least two classes. */
  @Override
  public boolean appliesTo(INDArray labels) {
    Preconditions.checkNotNull(labels, "labels");
    return labels.rank() == 2 && labels.size(1) > 1;
  }

  @Override
  public double sum(INDArray output, INDArray labels) {
    Preconditions.checkNotNull(output, "output");
    Preconditions.checkArgument(appliesTo(labels), "labels are not one-hot classes");
    if (output.rank() != 2 || output.size(1) != labels.size(1)) {
      return Double.NaN;
    }
    return output.argMax(1).eq(labels.argMax(1)).castTo(DataType.INT64).sumNumber().longValue();
  }

  /** The fraction of the batch classified correctly, NaN if it cannot be measured. */
  double mean(INDArray output, INDArray labels) {
    return sum(output, labels) / labels.size(0);
  }
}
