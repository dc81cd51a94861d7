package org.trainer4j.datasets;

import com.google.common.base.Preconditions;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A minibatch: features with the batch as the first dimension and one label row per example.
 *
 * @param features shape {@code [n, ...exampleShape]}
 * @param labels shape {@code [n, labelWidth]}
 */
public record Batch(INDArray features, INDArray labels) {

  public Batch {
    Preconditions.checkNotNull(features, "features");
    Preconditions.checkNotNull(labels, "labels");
    Preconditions.checkArgument(
        features.rank() >= 2 && labels.rank() >= 2,
        "features and labels need a batch dimension: features %s, labels %s",
        java.util.Arrays.toString(features.shape()),
        java.util.Arrays.toString(labels.shape()));
    Preconditions.checkArgument(
        features.size(0) == labels.size(0),
        "features have %s examples but labels have %s",
        features.size(0),
        labels.size(0));
  }

  /** Number of examples in the batch. */
  public int size() {
    return (int) features.size(0);
  }

  /** The same batch as a DL4J {@link DataSet}, sharing the arrays. */
  public DataSet toDataSet() {
    return new DataSet(features, labels);
  }
}
