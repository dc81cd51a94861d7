package org.trainer4j.datasets;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An in-memory dataset backed by two arrays: features {@code [n, ...exampleShape]} and labels
 * {@code [n, labelWidth]}. Batches are gathered with one native row-pull per array.
 */
public final class ArrayDataset implements Dataset {

  private final INDArray flatFeatures;
  private final INDArray labels;
  private final long[] exampleShape;
  private final String description;

  private ArrayDataset(INDArray features, INDArray labels, String description) {
    Preconditions.checkNotNull(features, "features");
    Preconditions.checkNotNull(labels, "labels");
    Preconditions.checkArgument(
        features.rank() >= 2, "features need shape [n, ...], got %s", shape(features));
    Preconditions.checkArgument(
        labels.rank() == 2, "labels need shape [n, labelWidth], got %s", shape(labels));
    Preconditions.checkArgument(
        features.size(0) == labels.size(0),
        "features have %s examples but labels have %s",
        features.size(0),
        labels.size(0));
    Preconditions.checkArgument(features.size(0) > 0, "a dataset needs at least one example");
    this.exampleShape = Arrays.copyOfRange(features.shape(), 1, features.rank());
    this.flatFeatures = features.reshape('c', features.size(0), features.length() / features.size(0)).dup('c');
    this.labels = labels.dup('c');
    this.description = description;
  }

  /** A dataset over copies of {@code features} and {@code labels}. */
  public static ArrayDataset of(INDArray features, INDArray labels) {
    return new ArrayDataset(features, labels, null);
  }

  /** A dataset over copies of the arrays, described by {@code description} in logs. */
  public static ArrayDataset of(INDArray features, INDArray labels, String description) {
    return new ArrayDataset(features, labels, description);
  }

  /** One-hot encodes integer class labels into a {@code [n, numClasses]} float matrix. */
  public static INDArray oneHot(int[] classes, int numClasses) {
    Preconditions.checkArgument(numClasses > 0, "numClasses must be positive: %s", numClasses);
    INDArray out = Nd4j.zeros(DataType.FLOAT, classes.length, numClasses);
    for (int i = 0; i < classes.length; i++) {
      Preconditions.checkArgument(
          classes[i] >= 0 && classes[i] < numClasses,
          "label %s at index %s is outside [0, %s)",
          classes[i],
          i,
          numClasses);
      out.putScalar(i, classes[i], 1.0);
    }
    return out;
  }

  @Override
  public int size() {
    return (int) flatFeatures.size(0);
  }

  @Override
  public long[] exampleShape() {
    return exampleShape.clone();
  }

  @Override
  public int labelWidth() {
    return (int) labels.size(1);
  }

  @Override
  public Batch get(int[] indices) {
    Preconditions.checkNotNull(indices, "indices");
    Preconditions.checkArgument(indices.length > 0, "a batch needs at least one index");
    int n = size();
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] < 0 || indices[i] >= n) {
        throw new IndexOutOfBoundsException(
            "index " + indices[i] + " at position " + i + " is outside the dataset of " + n);
      }
    }
    INDArray x = Nd4j.pullRows(flatFeatures, 1, indices);
    INDArray y = Nd4j.pullRows(labels, 1, indices);
    long[] batchShape = new long[exampleShape.length + 1];
    batchShape[0] = indices.length;
    System.arraycopy(exampleShape, 0, batchShape, 1, exampleShape.length);
    return new Batch(exampleShape.length == 1 ? x : x.reshape('c', batchShape), y);
  }

  /** Features of all examples as {@code [n, prod(exampleShape)]}; a view, do not modify. */
  public INDArray flatFeatures() {
    return flatFeatures;
  }

  /** Labels of all examples; a view, do not modify. */
  public INDArray labels() {
    return labels;
  }

  @Override
  public String describe() {
    return description != null
        ? description
        : "ArrayDataset(" + size() + " x " + Arrays.toString(exampleShape) + ")";
  }

  private static String shape(INDArray a) {
    return Arrays.toString(a.shape());
  }
}
