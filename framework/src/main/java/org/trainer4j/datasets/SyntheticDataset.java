package org.trainer4j.datasets;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Generated classification data of any example shape: each class has a random prototype and an
 * example is its class prototype plus Gaussian noise, so a model can learn it (unlike pure noise).
 * For timing work and tests; its {@link Dataset#describe()} always says it is synthetic.
 */
public final class SyntheticDataset {

  private SyntheticDataset() {}

  /**
   * Builds {@code size} examples of shape {@code exampleShape} in {@code numClasses} classes.
   *
   * @param noise standard deviation of the per-example noise relative to the unit-variance
   *     prototypes; about 1.0 gives a problem that is learnable but not trivial
   */
  public static ArrayDataset classification(
      int size, long[] exampleShape, int numClasses, double noise, long seed) {
    Preconditions.checkArgument(size > 0, "size must be positive: %s", size);
    Preconditions.checkArgument(numClasses > 1, "numClasses must be at least 2: %s", numClasses);
    Preconditions.checkArgument(
        Double.isFinite(noise) && noise >= 0, "noise must be finite and not negative: %s", noise);
    Preconditions.checkNotNull(exampleShape, "exampleShape");
    long width = 1;
    for (long d : exampleShape) {
      Preconditions.checkArgument(
          d > 0, "exampleShape must be positive: %s", Arrays.toString(exampleShape));
      // Checked before multiplying, so the long product cannot wrap around to a small width.
      Preconditions.checkArgument(
          d <= Integer.MAX_VALUE / width,
          "example too large: %s holds more than %s values",
          Arrays.toString(exampleShape),
          Integer.MAX_VALUE);
      width *= d;
    }
    // All features live in one float array, so the whole dataset must fit an int index.
    Preconditions.checkArgument(
        size * width <= Integer.MAX_VALUE,
        "size x example length = %s x %s = %s exceeds the %s values one array can hold",
        size,
        width,
        size * width,
        Integer.MAX_VALUE);
    SplittableRandom random = new SplittableRandom(seed);
    int w = (int) width;
    float[][] prototypes = new float[numClasses][w];
    for (float[] p : prototypes) {
      for (int j = 0; j < w; j++) {
        p[j] = (float) gaussian(random);
      }
    }
    float[] features = new float[size * w];
    int[] classes = new int[size];
    for (int i = 0; i < size; i++) {
      int c = random.nextInt(numClasses);
      classes[i] = c;
      for (int j = 0; j < w; j++) {
        features[i * w + j] = prototypes[c][j] + (float) (noise * gaussian(random));
      }
    }
    long[] shape = new long[exampleShape.length + 1];
    shape[0] = size;
    System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
    INDArray x = Nd4j.create(features, shape, DataType.FLOAT);
    INDArray y = ArrayDataset.oneHot(classes, numClasses);
    return ArrayDataset.of(
        x,
        y,
        String.format(
            "synthetic (not real data): %d examples of %s, %d classes, noise %.2f, seed %d",
            size, Arrays.toString(exampleShape), numClasses, noise, seed));
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
  }
}
