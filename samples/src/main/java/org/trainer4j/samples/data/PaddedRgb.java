package org.trainer4j.samples.data;

import com.google.common.base.Preconditions;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.trainer4j.datasets.Batch;
import org.trainer4j.datasets.Dataset;

/**
 * Grayscale {@code 1 x h x w} images presented as {@code 3 x size x size}: the gray channel copied
 * to red, green and blue and zero-padded around, so Fashion-MNIST can stand in for CIFAR-10's shape
 * (seed 000's experiment) when no CIFAR directory is given.
 */
public final class PaddedRgb implements Dataset {

  private final Dataset base;
  private final int size;
  private final long height;
  private final long width;

  public PaddedRgb(Dataset base, int size) {
    this.base = Preconditions.checkNotNull(base, "base");
    long[] shape = base.exampleShape();
    Preconditions.checkArgument(
        shape.length == 3 && shape[0] == 1,
        "PaddedRgb needs [1, h, w] examples, got %s",
        java.util.Arrays.toString(shape));
    Preconditions.checkArgument(
        shape[1] <= size && shape[2] <= size,
        "images larger than %s: %s x %s",
        size,
        shape[1],
        shape[2]);
    this.size = size;
    this.height = shape[1];
    this.width = shape[2];
  }

  @Override
  public int size() {
    return base.size();
  }

  @Override
  public long[] exampleShape() {
    return new long[] {3, size, size};
  }

  @Override
  public int labelWidth() {
    return base.labelWidth();
  }

  @Override
  public Batch get(int[] indices) {
    Batch gray = base.get(indices);
    INDArray out = Nd4j.zeros(gray.features().dataType(), indices.length, 3, size, size);
    long top = (size - height) / 2;
    long left = (size - width) / 2;
    for (int c = 0; c < 3; c++) {
      out.get(
              NDArrayIndex.all(),
              NDArrayIndex.point(c),
              NDArrayIndex.interval(top, top + height),
              NDArrayIndex.interval(left, left + width))
          .assign(gray.features().get(NDArrayIndex.all(), NDArrayIndex.point(0)));
    }
    return new Batch(out, gray.labels());
  }

  @Override
  public String describe() {
    return base.describe() + ", gray copied to RGB and padded to " + size + "x" + size;
  }
}
