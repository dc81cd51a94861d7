package org.trainer4j.datasets;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A dataset of {@code [channels, height, width]} images passed through an ImageAugmentation. */
final class AugmentedDataset extends ForwardingDataset {

  private final ImageAugmentation augmentation;
  private final long seed;
  private final int channels;
  private final int height;
  private final int width;

  AugmentedDataset(Dataset base, ImageAugmentation augmentation, long seed) {
    super(base);
    Preconditions.checkNotNull(augmentation, "augmentation");
    long[] shape = base.exampleShape();
    Preconditions.checkArgument(
        shape.length == 3,
        "image augmentation needs examples shaped [channels, height, width]; %s has %s",
        base.describe(),
        Arrays.toString(shape));
    this.augmentation = augmentation;
    this.seed = seed;
    this.channels = (int) shape[0];
    this.height = (int) shape[1];
    this.width = (int) shape[2];
  }

  /** The examples as served in epoch 0 (what a caller outside any iterator sees). */
  @Override
  public Batch get(int[] indices) {
    return get(indices, new int[indices.length]);
  }

  /**
   * Example {@code indices[e]} served in epoch {@code epochs[e]} is augmented with the random
   * stream (seed, index, epoch): no counter, so prefetch threads assembling batches in any order,
   * probes, and a run resumed from a snapshot all see the draws of the uninterrupted run.
   */
  @Override
  public Batch get(int[] indices, int[] epochs) {
    Preconditions.checkArgument(
        epochs.length == indices.length, "%s epochs for %s indices", epochs.length, indices.length);
    Batch batch = delegate().get(indices, epochs);
    INDArray features = batch.features();
    float[] in = features.dup('c').data().asFloat();
    float[] out = new float[in.length];
    int image = channels * height * width;
    for (int e = 0; e < indices.length; e++) {
      SplittableRandom random = streamFor(indices[e], epochs[e]);
      boolean flip = augmentation.flipHorizontal() && random.nextBoolean();
      int max = augmentation.maxShift();
      int dy = max == 0 ? 0 : random.nextInt(-max, max + 1);
      int dx = max == 0 ? 0 : random.nextInt(-max, max + 1);
      transform(in, out, e * image, flip, dy, dx);
    }
    INDArray augmented = Nd4j.create(out, features.shape(), 'c').castTo(features.dataType());
    return new Batch(augmented, batch.labels());
  }

  /** Output pixel (y, x) takes input pixel (y - dy, x' - dx), x' mirrored if flipping. */
  private void transform(float[] in, float[] out, int offset, boolean flip, int dy, int dx) {
    for (int c = 0; c < channels; c++) {
      int plane = offset + c * height * width;
      for (int y = 0; y < height; y++) {
        int sy = y - dy;
        for (int x = 0; x < width; x++) {
          int sx = x - dx;
          float v = 0f;
          if (sy >= 0 && sy < height && sx >= 0 && sx < width) {
            v = in[plane + sy * width + (flip ? width - 1 - sx : sx)];
          }
          out[plane + y * width + x] = v;
        }
      }
    }
  }

  private SplittableRandom streamFor(int index, int epoch) {
    long mixed = seed * 0x9E3779B97F4A7C15L + index;
    mixed = mixed * 0xBF58476D1CE4E5B9L + epoch;
    return new SplittableRandom(mixed);
  }

  @Override
  public String describe() {
    return delegate().describe() + ", augmented (" + augmentation + ")";
  }
}
