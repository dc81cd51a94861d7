package org.trainer4j.datasets;

import com.google.common.base.Preconditions;

/**
 * Random label-preserving changes to training images: a horizontal mirror with probability one
 * half, and a translation by up to {@code maxShift} pixels in each direction with the uncovered
 * border filled with zeros. Apply it with {@link #apply(Dataset, long)}; only ever to training
 * data.
 *
 * @param flipHorizontal whether to mirror left-right half of the time (right for clothes and most
 *     natural images, wrong for digits and text)
 * @param maxShift most pixels an image moves horizontally and vertically, 0 for none (at most
 *     {@code Integer.MAX_VALUE - 1})
 */
public record ImageAugmentation(boolean flipHorizontal, int maxShift) {

  public ImageAugmentation {
    Preconditions.checkArgument(maxShift >= 0, "maxShift must not be negative: %s", maxShift);
    // Shifts are drawn from [-maxShift, maxShift + 1), whose end must itself be an int.
    Preconditions.checkArgument(
        maxShift < Integer.MAX_VALUE,
        "maxShift must be less than %s: %s",
        Integer.MAX_VALUE,
        maxShift);
  }

  /** Mirroring and shifts of up to {@code maxShift} pixels. */
  public static ImageAugmentation flipAndShift(int maxShift) {
    return new ImageAugmentation(true, maxShift);
  }

  /**
   * {@code images} with this augmentation applied as batches are assembled. An example served in
   * epoch k uses a random stream fixed by {@code seed}, its index and k (see {@link
   * Dataset#get(int[], int[])}), so a run is reproducible however the batches are scheduled across
   * prefetch threads, and a resumed run draws what the uninterrupted one did.
   *
   * @throws IllegalArgumentException if the examples are not {@code [channels, height, width]}
   */
  public Dataset apply(Dataset images, long seed) {
    return new AugmentedDataset(images, this, seed);
  }

  @Override
  public String toString() {
    return (flipHorizontal ? "random mirror, " : "") + "shifts up to " + maxShift + " px";
  }
}
