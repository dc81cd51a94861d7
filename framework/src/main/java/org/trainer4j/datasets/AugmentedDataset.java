package org.trainer4j.datasets;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A dataset of {@code [channels, height, width]} images passed through an ImageAugmentation. */
final class AugmentedDataset extends ForwardingDataset {

  private final ImageAugmentation augmentation;
  private final long seed;
  private final int channels;
  private final int height;
  private final int width;
  // How often each example has been drawn: its k-th draw is augmented with stream (seed, index, k).
  private final AtomicIntegerArray draws;

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
    this.draws = new AtomicIntegerArray(base.size());
  }

  @Override
  public Batch get(int[] indices) {
    Batch batch = delegate().get(indices);
    INDArray features = batch.features();
    float[] in = features.dup('c').data().asFloat();
    float[] out = new float[in.length];
    int image = channels * height * width;
    for (int e = 0; e < indices.length; e++) {
      SplittableRandom random = streamFor(indices[e], draws.getAndIncrement(indices[e]));
      boolean flip = augmentation.flipHorizontal() && random.nextBoolean();
      int max = augmentation.maxShift();
      int dy = max == 0 ? 0 : random.nextInt(-max, max + 1);
      int dx = max == 0 ? 0 : random.nextInt(-max, max + 1);
      transform(in, out, e * image, flip, dy, dx);
    }
    INDArray augmented = Nd4j.create(out, features.shape(), 'c').castTo(features.dataType());
    return new Batch(augmented, batch.labels());
  }

  /** Copies the draw counts (and the base's draw state); the action writes them back. */
  @Override
  public Runnable saveDrawState() {
    int[] saved = new int[draws.length()];
    for (int i = 0; i < saved.length; i++) {
      saved[i] = draws.get(i);
    }
    Runnable base = delegate().saveDrawState();
    return () -> {
      for (int i = 0; i < saved.length; i++) {
        draws.set(i, saved[i]);
      }
      base.run();
    };
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

  private SplittableRandom streamFor(int index, int draw) {
    long mixed = seed * 0x9E3779B97F4A7C15L + index;
    mixed = mixed * 0xBF58476D1CE4E5B9L + draw;
    return new SplittableRandom(mixed);
  }

  @Override
  public String describe() {
    return delegate().describe() + ", augmented (" + augmentation + ")";
  }
}
